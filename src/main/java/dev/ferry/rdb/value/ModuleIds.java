package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;

/**
 * Module type ids: 54 bits of a 9-character name in a 64-symbol alphabet, then a 10-bit encoding
 * version. Also the walk over a module's self-describing fields, shared by module values and module AUX.
 */
public final class ModuleIds {
    private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int OPCODE_EOF = 0;
    private static final int OPCODE_SINT = 1;
    private static final int OPCODE_UINT = 2;
    private static final int OPCODE_FLOAT = 3;
    private static final int OPCODE_DOUBLE = 4;
    private static final int OPCODE_STRING = 5;

    private ModuleIds() {}

    public static String typeName(long moduleId) {
        char[] name = new char[9];
        long id = moduleId >>> 10;
        for (int j = 8; j >= 0; j--) {
            name[j] = CHARSET.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }

    public static int encodingVersion(long moduleId) {
        return (int) (moduleId & 1023);
    }

    /** Skips typed fields up to and including the EOF opcode. */
    public static void skipFields(RdbInput in) {
        while (true) {
            long opcode = in.readLength();
            switch ((int) opcode) {
                case OPCODE_EOF:
                    return;
                case OPCODE_SINT:
                case OPCODE_UINT:
                    in.readLength();
                    break;
                case OPCODE_FLOAT:
                    in.skip(4);
                    break;
                case OPCODE_DOUBLE:
                    in.skip(8);
                    break;
                case OPCODE_STRING:
                    in.skipString();
                    break;
                default:
                    throw new RdbFormatException("unknown module field opcode " + opcode);
            }
        }
    }
}
