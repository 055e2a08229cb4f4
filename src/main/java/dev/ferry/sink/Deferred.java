package dev.ferry.sink;

import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies whose handling takes round trips of its own, kept until the channel is quiet: keys that met an
 * existing key (BUSYKEY, or RENAMENX answering 0 on the command path), function libraries that exist, module
 * values the target refused. They are resolved in the order their replies came.
 */
final class Deferred {
    private final ConflictResolver resolver;
    private final ElementWriter elements;
    private final WriteStats stats;
    private final List<Object> waiting = new ArrayList<>();

    /** A RESTORE of a module value that the target refused: it has no module of that type. */
    private record UnloadableModule(KeyEvent event) {}

    Deferred(ConflictResolver resolver, ElementWriter elements, WriteStats stats) {
        this.resolver = resolver;
        this.elements = elements;
        this.stats = stats;
    }

    /** RESTORE answered BUSYKEY. */
    void busyKey(KeyEvent e) {
        waiting.add(e);
    }

    /** RENAMENX answered 0: the temporary key still holds the source's value. */
    void existingKey(ElementWriter.Placement p) {
        waiting.add(p);
    }

    void existingLibrary(CommandEvent load) {
        waiting.add(load);
    }

    /** Waits too, because a panic about it must not leave the rest of the pipeline unanswered. */
    void unloadableModule(KeyEvent e) {
        waiting.add(new UnloadableModule(e));
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** Call only when the channel is drained: the resolutions are synchronous calls. */
    void resolveAll() throws IOException {
        int untouched = 0; // from here on, no item's resolution has begun
        try {
            resolver.prefetch(existingKeys());
            for (int i = 0; i < waiting.size(); i++) {
                Object w = waiting.get(i);
                if (w instanceof ElementWriter.Placement) {
                    resolver.flushRewrites(); // the command path's own calls come next on the channel
                }
                untouched = i + 1;
                resolve(w);
            }
            resolver.flushRewrites();
        } catch (RuntimeException stop) {
            // panic, or a refused write: the job ends here; the one that failed cleaned up after itself, but the
            // temporary keys of those not begun would be left behind
            discardFrom(untouched, stop);
            throw stop;
        } finally {
            waiting.clear();
        }
    }

    private void discardFrom(int first, RuntimeException stop) {
        try {
            resolver.flushRewrites(); // the discards are calls, which read the next reply as theirs
            for (Object w : waiting.subList(first, waiting.size())) {
                if (w instanceof ElementWriter.Placement p) {
                    elements.discard(p);
                }
            }
        } catch (IOException | RuntimeException also) {
            stop.addSuppressed(also);
        }
    }

    /** The keys that met an existing one, by RESTORE or on the command path, in the order they wait. */
    private List<KeyEvent> existingKeys() {
        List<KeyEvent> keys = new ArrayList<>();
        for (Object w : waiting) {
            if (w instanceof KeyEvent k) {
                keys.add(k);
            } else if (w instanceof ElementWriter.Placement p) {
                keys.add(p.event());
            }
        }
        return keys;
    }

    private void resolve(Object w) throws IOException {
        if (w instanceof ElementWriter.Placement p) {
            elements.resolve(p);
        } else if (w instanceof KeyEvent k) {
            if (resolver.resolveRestore(k)) {
                stats.keyWritten(k, false);
            }
        } else if (w instanceof UnloadableModule m) {
            resolver.unsupported(m.event(), "a module value, and the target has no module that loads it");
        } else {
            resolver.resolveLibrary((CommandEvent) w);
        }
    }
}
