/**
 * Writing a key with element commands when RESTORE cannot take its DUMP payload.
 *
 * <p>Per target, once: {@code new TargetProbe(...).capabilities()}, over one connection or through a writer's
 * channel (then routed on the probe's scratch key). Per key: if {@code caps.needsCommandPath(event.rdbType(),
 * event.payload())} (the reason is {@code caps.commandPathReason(...)}), send every argv of
 * {@code ValueCommands.of(event.payload(), tempKey, RewriteLimits.forTarget(rewriteBatchSize, caps), caps)}
 * to the key's db, then put the temporary key in place (RENAME / conflict policy) with the key's expiry.
 * {@link dev.ferry.sink.rewrite.UnsupportedOnTargetException} says the value cannot be written to that target
 * at all; when it comes from {@code next()}, earlier commands were sent and the temporary key must be dropped.
 * The writer does all that in {@code dev.ferry.sink.ElementWriter}.
 */
package dev.ferry.sink.rewrite;
