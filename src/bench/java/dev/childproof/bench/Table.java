package dev.childproof.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects rows and prints them as one Markdown table. */
final class Table {

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.err.printf(Locale.ROOT, "  measured %s / %s: median %s%n", row.figure(), row.variant(),
                Stats.millis(row.stats().median()));
    }

    void print(PrintStream out) {
        out.println("| figure | variant | n | median | p90 | ratio to baseline | note |");
        out.println("|---|---|---:|---:|---:|---:|---|");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n", row.figure(), row.variant(),
                    row.stats().count(), Stats.millis(row.stats().median()), Stats.millis(row.stats().percentile(90)),
                    row.ratio(), row.note());
        }
    }
}
