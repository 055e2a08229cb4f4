package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * LZF decompression with the semantics of Redis' lzf_d.c (liblzf 3.6, CHECK_INPUT on).
 *
 * <p>The stream is a sequence of chunks, each starting with a control byte:
 * <ul>
 *   <li>{@code 000LLLLL}: literal run of L+1 bytes copied from the input;</li>
 *   <li>{@code LLLooooo oooooooo}: back-reference of L+2 bytes (L in 1..6) starting
 *       {@code (o + 1)} bytes behind the output position (13-bit offset, high bits first);</li>
 *   <li>{@code 111ooooo NNNNNNNN oooooooo}: the same with length N+9.</li>
 * </ul>
 * A back-reference may overlap the bytes it produces (distance 1 is a run-length fill), so it is
 * copied byte by byte whenever the distance is shorter than the length.
 */
public final class Lzf {
    private Lzf() {
    }

    /**
     * Decompresses {@code in[inOff, inOff+inLen)} into exactly {@code outLen} bytes at
     * {@code out[outOff]}. RDB stores the uncompressed length next to the data, so anything other
     * than an exact fill means the blob is corrupt.
     *
     * @throws RdbFormatException if the input is truncated, a back-reference points before the
     *     start of the output, the output would overrun {@code outLen}, or fewer bytes result
     */
    public static void decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) {
        if (inOff < 0 || inLen < 0 || inOff > in.length - inLen || outOff < 0 || outLen < 0 || outOff > out.length - outLen) {
            throw new IndexOutOfBoundsException("bad LZF buffer bounds");
        }
        int ip = inOff;
        final int inEnd = inOff + inLen;
        int op = outOff;
        final int outEnd = outOff + outLen;
        while (ip < inEnd) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (run > outEnd - op) {
                    throw overrun(ip - 1 - inOff, op - outOff, run, outLen);
                }
                if (run > inEnd - ip) {
                    throw new RdbFormatException("LZF literal run of " + run + " bytes at compressed offset " + (ip - 1 - inOff)
                            + " needs more input than the " + (inEnd - ip) + " bytes left");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int chunkStart = ip - 1 - inOff;
                int len = ctrl >>> 5;
                if (ip >= inEnd) {
                    throw truncatedRef(chunkStart);
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        throw truncatedRef(chunkStart);
                    }
                }
                int distance = (((ctrl & 0x1f) << 8) | (in[ip++] & 0xff)) + 1;
                len += 2;
                if (len > outEnd - op) {
                    throw overrun(chunkStart, op - outOff, len, outLen);
                }
                int ref = op - distance;
                if (ref < outOff) {
                    throw new RdbFormatException("LZF back-reference at compressed offset " + chunkStart + " reaches " + distance
                            + " bytes back but only " + (op - outOff) + " bytes were produced");
                }
                if (distance >= len) {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                } else {
                    // Overlapping copy: each byte may be one this same reference just wrote.
                    for (int k = 0; k < len; k++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        }
        if (op != outEnd) {
            throw new RdbFormatException("LZF data decompressed to " + (op - outOff) + " bytes, expected " + outLen);
        }
    }

    private static RdbFormatException overrun(int chunkOffset, int produced, int chunkLen, int outLen) {
        return new RdbFormatException("LZF chunk at compressed offset " + chunkOffset + " adds " + chunkLen + " bytes after "
                + produced + ", past the stated uncompressed length " + outLen);
    }

    private static RdbFormatException truncatedRef(int chunkOffset) {
        return new RdbFormatException("LZF back-reference at compressed offset " + chunkOffset + " is cut off by the end of the input");
    }
}
