package dev.childproof.testkit;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A stream that hands out the given chunks, never more than the rest of one in a read, as a pipe hands over what it
 * holds at each wake-up; each read is told to a listener.
 */
public final class ChunkedStream extends InputStream {

    /** Told of each read. */
    @FunctionalInterface
    public interface Reads {
        /**
         * @param returned what the read returned: the bytes handed out, or -1 at the end
         * @param asked how many bytes the reader had room for
         */
        void read(int returned, int asked);
    }

    private final Iterator<byte[]> chunks;
    private final Reads reads;
    private byte[] current = new byte[0];
    private int at;

    /** Bytes cut into chunks of {@code size} (the last may be shorter), for a stream that reads at most that. */
    public static List<byte[]> chunks(byte[] bytes, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            chunks.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
        }
        return chunks;
    }

    /** A stream of the chunks, whose reads no one is told of. */
    public ChunkedStream(List<byte[]> chunks) {
        this(chunks, (returned, asked) -> { });
    }

    /** A stream of the chunks, each read told to {@code reads}. */
    public ChunkedStream(List<byte[]> chunks, Reads reads) {
        this.chunks = chunks.iterator();
        this.reads = reads;
    }

    @Override
    public int read() {
        throw new UnsupportedOperationException("read into an array");
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (at == current.length) {
            if (!chunks.hasNext()) {
                reads.read(-1, len);
                return -1;
            }
            current = chunks.next();
            at = 0;
        }
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        reads.read(n, len);
        return n;
    }
}
