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
            int found = firstIn(word(bytes, i));
            if (found < 8) {
                return i + found;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the first {@code \n} is among the eight bytes of a word read by {@link #word(byte[], int)}: 0 to 7, or
     * 8 when there is none. The zero-byte test can flag a byte above a true match (a borrow), never one below, so
     * the lowest flag is exact.
     */
    static int firstIn(long word) {
        long x = word ^ NEWLINES;
        return Long.numberOfTrailingZeros((x - ONES) & ~x & HIGHS) >>> 3;
    }

    /** Eight bytes from {@code index}, little-endian: the byte at {@code index} is the lowest. */
    static long word(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    /** Writes eight bytes at {@code index}, little-endian: the inverse of {@link #word(byte[], int)}. */
    static void putWord(byte[] bytes, int index, long word) {
        LONGS.set(bytes, index, word);
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
