package dev.childproof.bench;

import java.util.Arrays;
import java.util.Locale;

/** Median and p99 of a sample of durations in nanoseconds, printed in milliseconds. */
final class LatencyStats {

    private final long[] nanos;

    LatencyStats(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    double medianMillis() {
        return percentile(50) / 1e6;
    }

    double percentile(double p) {
        int index = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
        return nanos[Math.max(0, Math.min(nanos.length - 1, index))];
    }

    String line(String label) {
        return String.format(Locale.ROOT, "%-58s n=%-4d median %8.2f ms   p99 %8.2f ms   max %8.2f ms", label,
                nanos.length, medianMillis(), percentile(99) / 1e6, nanos[nanos.length - 1] / 1e6);
    }
}
