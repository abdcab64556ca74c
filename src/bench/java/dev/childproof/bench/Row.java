package dev.childproof.bench;

import java.util.Locale;

/**
 * One line of the benchmark table.
 *
 * @param figure what is measured
 * @param variant who is measured (the baseline, the extension, a peer)
 * @param stats the samples
 * @param baselineMedianNanos the baseline's median in the same run, or NaN for none
 * @param note what the reader needs to know (a goal, a unit)
 */
record Row(String figure, String variant, Stats stats, double baselineMedianNanos, String note) {

    String ratio() {
        return Double.isNaN(baselineMedianNanos) ? "" : String.format(Locale.ROOT, "%.2f",
                stats.median() / baselineMedianNanos);
    }
}
