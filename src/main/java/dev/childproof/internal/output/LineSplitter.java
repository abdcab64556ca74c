package dev.childproof.internal.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines at {@code \n} (dropping a {@code \r} before it), whatever the read-chunk
 * boundaries: a line split across two reads is delivered once, whole. Not thread-safe: one per stream.
 */
final class LineSplitter {

    private final Charset charset;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LineSplitter(Charset charset, Consumer<String> sink) {
        this.charset = charset;
        this.sink = sink;
    }

    void accept(byte[] buffer, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                emit(buffer, start, i);
                start = i + 1;
            }
        }
        partial.write(buffer, start, length - start);
    }

    /** Delivers a last line that had no terminator. */
    void finish() {
        if (partial.size() > 0) {
            byte[] rest = partial.toByteArray();
            partial.reset();
            emit(rest, 0, rest.length, false);
        }
    }

    private void emit(byte[] buffer, int start, int end) {
        if (partial.size() > 0) {
            partial.write(buffer, start, end - start);
            byte[] whole = partial.toByteArray();
            partial.reset();
            emit(whole, 0, whole.length, true);
        } else {
            emit(buffer, start, end, true);
        }
    }

    private void emit(byte[] bytes, int start, int end, boolean terminated) {
        int stop = end;
        if (terminated && stop > start && bytes[stop - 1] == '\r') {
            stop--;
        }
        sink.accept(new String(bytes, start, stop - start, charset));
    }
}
