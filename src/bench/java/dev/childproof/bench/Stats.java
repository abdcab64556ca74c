package dev.childproof.bench;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics of a series of measurements, in nanoseconds. */
final class Stats {

    private final long[] sorted;

    Stats(long[] samples) {
        this.sorted = samples.clone();
        Arrays.sort(sorted);
    }

    double median() {
        return percentile(50);
    }

    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = p / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    int count() {
        return sorted.length;
    }

    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
