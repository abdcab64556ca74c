package dev.childproof.internal.output;

import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent output of each stream, each bounded to a number of bytes (line bytes plus a fixed cost per
 * read); older output falls out a whole read at a time, never copied, so a stream keeps between its bound less
 * one read (at most 64 KiB, or one long line) and its bound. The newest line is always kept, when alone in an array
 * of its own size rather than in the larger buffer it was read into, so a stream exceeds its bound only by a single
 * line longer than the bound. Segments are numbered over both streams, so the
 * interleaved view keeps arrival order. A segment that falls out is {@link Segment#release() released}. Not
 * thread-safe: the owner locks.
 */
final class RecentOutput {

    private final long boundPerStream;
    private final Charset charset;
    private final Kept stdout = new Kept();
    private final Kept stderr = new Kept();

    RecentOutput(long boundPerStream, Charset charset) {
        this.boundPerStream = boundPerStream;
        this.charset = charset;
    }

    void add(Segment segment) {
        // the bound counts arrays: a 20 KiB read kept in its 64 KiB read buffer would cost three times its lines, and
        // a stream would keep a third of its bound; kept in an array of its size, it costs its lines
        Segment compact = segment.compacted();
        if (compact != segment) {
            segment.release();
            segment = compact;
        }
        Kept kept = kept(segment.stream());
        kept.segments.addLast(segment);
        kept.cost += segment.cost();
        // whole reads fall out, never copied: what is kept is between the bound less one read and the bound
        while (kept.cost > boundPerStream && kept.segments.size() > 1) {
            Segment dropped = kept.segments.removeFirst();
            kept.cost -= dropped.cost();
            dropped.release();
        }
        if (kept.cost > boundPerStream) {
            // one read longer than the bound: its oldest lines go, its newest line stays whatever its length
            Segment only = kept.segments.removeFirst();
            Segment rest = only.dropAtLeast(kept.cost - boundPerStream, true);
            kept.cost -= only.cost();
            if (rest != null) {
                kept.segments.addFirst(rest);
                kept.cost += rest.cost();
            }
            if (rest != only) {
                only.release();
            }
        }
    }

    /** The kept lines of one stream, or of both in arrival order when {@code stream} is null. */
    List<OutputLine> lines(OutputLine.Stream stream) {
        List<OutputLine> lines = new ArrayList<>();
        for (Segment segment : inOrder(stream)) {
            lines.addAll(segment.lines(charset));
        }
        return lines;
    }

    /** The last {@code count} kept lines of both streams, in arrival order; decodes only what it returns. */
    List<OutputLine> last(int count) {
        List<Segment> all = inOrder(null);
        int from = all.size();
        int lines = 0;
        while (from > 0 && lines < count) {
            from--;
            lines += all.get(from).lineCount();
        }
        List<OutputLine> tail = new ArrayList<>();
        for (Segment segment : all.subList(from, all.size())) {
            tail.addAll(segment.lines(charset));
        }
        return tail.subList(Math.max(0, tail.size() - count), tail.size());
    }

    /** @return how many bytes are kept, as counted against the bound, over both streams */
    long keptBytes() {
        return stdout.cost + stderr.cost;
    }

    private Kept kept(OutputLine.Stream stream) {
        return stream == OutputLine.Stream.STDOUT ? stdout : stderr;
    }

    private List<Segment> inOrder(OutputLine.Stream stream) {
        if (stream != null) {
            return new ArrayList<>(kept(stream).segments);
        }
        List<Segment> merged = new ArrayList<>(stdout.segments.size() + stderr.segments.size());
        Iterator<Segment> out = stdout.segments.iterator();
        Iterator<Segment> err = stderr.segments.iterator();
        Segment o = out.hasNext() ? out.next() : null;
        Segment e = err.hasNext() ? err.next() : null;
        while (o != null || e != null) {
            if (e == null || (o != null && o.number() < e.number())) {
                merged.add(o);
                o = out.hasNext() ? out.next() : null;
            } else {
                merged.add(e);
                e = err.hasNext() ? err.next() : null;
            }
        }
        return merged;
    }

    private static final class Kept {
        final ArrayDeque<Segment> segments = new ArrayDeque<>();
        long cost;
    }
}
