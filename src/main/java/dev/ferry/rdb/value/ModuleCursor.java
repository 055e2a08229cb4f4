package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;

/**
 * MODULE_2 values are self-describing: a module id, then typed fields until an EOF opcode, which is
 * what lets us carry a module value we cannot interpret. Its one "element" is its type.
 */
final class ModuleCursor extends ValueCursor {
    private final RdbInput in;
    private final long moduleId;
    private boolean done;

    ModuleCursor(RdbInput in) {
        super(RdbType.MODULE_2);
        this.in = in;
        this.moduleId = in.readLength();
    }

    static void skip(RdbInput in) {
        in.readLength();
        ModuleIds.skipFields(in);
    }

    @Override
    public long count() {
        return -1;
    }

    @Override
    public boolean next(ValueVisitor visitor) {
        if (done) {
            return false;
        }
        done = true;
        visitor.moduleValue(ModuleIds.typeName(moduleId), ModuleIds.encodingVersion(moduleId));
        ModuleIds.skipFields(in);
        return true;
    }
}
