package dev.childproof.internal.output;

/**
 * One line of output.
 *
 * @param stream which stream it came from
 * @param text the line without its terminator
 */
public record OutputLine(Stream stream, String text) {

    /** The two output streams of a process. */
    public enum Stream {
        /** Standard output. */
        STDOUT("out"),
        /** Standard error. */
        STDERR("err");

        private final String mark;

        Stream(String mark) {
            this.mark = mark;
        }

        /** @return the three-letter mark used in log files */
        public String mark() {
            return mark;
        }
    }
}
