package dev.ferry.rdb;

import java.util.Arrays;

/** A growable byte buffer that {@link RdbInput} appends captured raw bytes to; reused across entries. */
public final class ByteSink {
    private byte[] data;
    private int size;

    public ByteSink(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    public void write(byte[] src, int off, int len) {
        if (size + len > data.length) {
            long wanted = Math.max((long) data.length * 2, (long) size + len);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new RdbFormatException("value larger than 2 GiB cannot be captured");
            }
            data = Arrays.copyOf(data, (int) wanted);
        }
        System.arraycopy(src, off, data, size, len);
        size += len;
    }

    public void write(int b) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = (byte) b;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return data;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    public void reset() {
        size = 0;
    }
}
