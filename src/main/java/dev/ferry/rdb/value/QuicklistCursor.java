package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ListpackCursor;
import dev.ferry.rdb.encoding.PackedCursor;
import dev.ferry.rdb.encoding.ZiplistCursor;

/**
 * A quicklist: nodes that are ziplists (QUICKLIST) or listpacks (QUICKLIST_2), and from Redis 7.0 on
 * also PLAIN nodes holding one big element. One node is held at a time.
 */
final class QuicklistCursor extends ValueCursor {
    static final int NODE_PLAIN = 1;
    static final int NODE_PACKED = 2;

    private final RdbInput in;
    private int nodesLeft;
    private PackedCursor node;

    QuicklistCursor(RdbInput in, int type) {
        super(type);
        this.in = in;
        this.nodesLeft = in.readCount("quicklist node");
    }

    static void skip(RdbInput in, int type) {
        for (int nodes = in.readCount("quicklist node"); nodes > 0; nodes--) {
            readContainer(in, type);
            in.skipString();
        }
    }

    @Override
    public long count() {
        return -1;
    }

    @Override
    public boolean next(ValueVisitor v) {
        while (node == null || !node.next()) {
            node = null;
            if (nodesLeft == 0) {
                return false;
            }
            nodesLeft--;
            int container = readContainer(in, type());
            byte[] blob = in.readString();
            if (container == NODE_PLAIN) {
                v.listItem(blob);
                return true;
            }
            node = type() == RdbType.LIST_QUICKLIST ? new ZiplistCursor(blob) : new ListpackCursor(blob);
        }
        v.listItem(node.bytes());
        return true;
    }

    /** A node's container kind; QUICKLIST (v1) nodes are always packed. */
    static int readContainer(RdbInput in, int type) {
        if (type != RdbType.LIST_QUICKLIST_2) {
            return NODE_PACKED;
        }
        int container = (int) in.readLength();
        if (container != NODE_PACKED && container != NODE_PLAIN) {
            throw new RdbFormatException("quicklist node container " + container + " is neither 1 (plain) nor 2 (packed)");
        }
        return container;
    }
}
