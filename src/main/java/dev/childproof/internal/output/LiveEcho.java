package dev.childproof.internal.output;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints each line to the console as it arrives, prefixed with the process's name: standard output lines to
 * {@code System.out}, standard error lines to {@code System.err}, looked up per line so a test framework's
 * redirection is honoured. Runs on the drainer threads; a slow console slows draining, which is why echo is opt-in.
 */
public final class LiveEcho implements Consumer<OutputLine> {

    private final String prefix;

    /** @param name the process's name */
    public LiveEcho(String name) {
        this.prefix = "[" + name + "] ";
    }

    @Override
    public void accept(OutputLine line) {
        PrintStream console = line.stream() == OutputLine.Stream.STDOUT ? System.out : System.err;
        console.println(prefix + line.text());
    }
}
