package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;

/** A string value: its one element is the string. */
final class StringCursor extends ValueCursor {
    private final RdbInput in;
    private boolean done;

    StringCursor(RdbInput in) {
        super(RdbType.STRING);
        this.in = in;
    }

    @Override
    public long count() {
        return 1;
    }

    @Override
    public boolean next(ValueVisitor visitor) {
        if (done) {
            return false;
        }
        done = true;
        visitor.stringValue(in.readString());
        return true;
    }
}
