package dev.ferry.sink.rewrite;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** Commands made on demand, one {@link #produce} call each, so only the command at hand is held. */
abstract class CommandIterator implements Iterator<byte[][]> {
    private byte[][] ahead;
    private boolean done;

    /** The next command's argv, or null when there is none left. */
    protected abstract byte[][] produce();

    @Override
    public final boolean hasNext() {
        if (ahead == null && !done) {
            ahead = produce();
            done = ahead == null;
        }
        return ahead != null;
    }

    @Override
    public final byte[][] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[][] c = ahead;
        ahead = null;
        return c;
    }

    /** The parts one after the other; each part is created when the one before it is used up. */
    static Iterator<byte[][]> concat(List<Supplier<Iterator<byte[][]>>> parts) {
        Iterator<Supplier<Iterator<byte[][]>>> rest = parts.iterator();
        return new CommandIterator() {
            private Iterator<byte[][]> current;

            @Override
            protected byte[][] produce() {
                while (current == null || !current.hasNext()) {
                    if (!rest.hasNext()) {
                        return null;
                    }
                    current = rest.next().get();
                }
                return current.next();
            }
        };
    }
}
