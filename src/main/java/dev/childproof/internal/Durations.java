package dev.childproof.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them ({@code 500ms}, {@code 2s}, {@code 1m}, {@code PT2S}) and as messages show them. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @return the duration, or empty when the text is not one of the accepted forms or is negative
     */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.trim();
        Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            long nanosPerUnit;
            switch (matcher.group(2)) {
                case "ms":
                    nanosPerUnit = 1_000_000L;
                    break;
                case "s":
                    nanosPerUnit = 1_000_000_000L;
                    break;
                case "m":
                    nanosPerUnit = 60_000_000_000L;
                    break;
                default:
                    nanosPerUnit = 3_600_000_000_000L;
                    break;
            }
            return Optional.of(Duration.ofNanos(Math.round(amount * nanosPerUnit)));
        }
        try {
            Duration duration = Duration.parse(trimmed);
            return duration.isNegative() ? Optional.empty() : Optional.of(duration);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Formats for humans: {@code 180ms}, {@code 2.1s}, {@code 45s}, {@code 2m 5s}; whole milliseconds, rounded
     * half up to the unit shown (9960 ms is {@code 10s}, 19 960 ms {@code 20s}).
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long tenths = millis / 100 + (millis % 100 >= 50 ? 1 : 0);
        if (tenths < 100) {
            return (tenths / 10) + "." + (tenths % 10) + "s";
        }
        long seconds = millis / 1000 + (millis % 1000 >= 500 ? 1 : 0);
        if (seconds < 60) {
            return seconds + "s";
        }
        return (seconds / 60) + "m " + (seconds % 60) + "s";
    }
}
