/**
 * Writing a key with element commands when RESTORE cannot take its DUMP payload.
 *
 * <p>Per target (per node), once: {@code TargetCapabilities caps = new TargetProbe(connection).capabilities();}
 * Per key: if {@code caps.needsCommandPath(event.rdbType(), event.payload())} (the reason is
 * {@code caps.commandPathReason(...)}), send every argv of
 * {@code ValueCommands.of(event.payload(), tempKey, RewriteLimits.forTarget(rewriteBatchSize, caps), caps)}
 * to the key's db, then put the temporary key in place (RENAME / conflict policy) and set the expiry.
 * {@link dev.ferry.sink.rewrite.UnsupportedOnTargetException} says the value cannot be written to that target
 * at all; when it comes from {@code next()}, earlier commands were sent and the temporary key must be dropped.
 */
package dev.ferry.sink.rewrite;
