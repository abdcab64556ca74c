package dev.childproof.internal.output;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds {@code \n} in byte arrays eight bytes at a time (a word-wide zero-byte test), because every byte a child
 * writes passes through here: it is the drain path's hottest loop.
 */
final class Newlines {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Newlines() {
    }

    /** The index of the first {@code \n} in {@code [from, to)}, or -1. */
    static int indexOf(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the last {@code \n} in {@code [from, to)}, or -1. */
    static int lastIndexOf(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** How many {@code \n} there are in {@code [from, to)}. */
    static int count(byte[] bytes, int from, int to) {
        int count = 0;
        for (int i = indexOf(bytes, from, to); i >= 0; i = indexOf(bytes, i + 1, to)) {
            count++;
        }
        return count;
    }
}
