package dev.childproof.internal.output;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Prints each line to the console as it arrives, prefixed with the process's name: standard output lines to
 * {@code System.out}, standard error lines to {@code System.err}, looked up per line so a test framework's
 * redirection is honoured. Runs on the drainer threads; a slow console slows draining, which is why echo is opt-in.
 * A console that throws (a stream a test replaced and closed) turns the echo off, with a warning, rather than end
 * the drainer: the output is still read and kept.
 */
public final class LiveEcho implements Consumer<OutputLine> {

    private final String name;
    private final String prefix;
    private volatile boolean off;

    /** @param name the process's name */
    public LiveEcho(String name) {
        this.name = name;
        this.prefix = "[" + name + "] ";
    }

    @Override
    public void accept(OutputLine line) {
        if (off) {
            return;
        }
        boolean toOut = line.stream() == OutputLine.Stream.STDOUT;
        PrintStream console = toOut ? System.out : System.err;
        try {
            console.println(prefix + line.text());
        } catch (RuntimeException e) {
            off = true;
            warn((toOut ? "System.out" : "System.err") + " threw " + e);
        }
    }

    private void warn(String why) {
        try {
            System.err.println("childproof: warning: the echo of process [" + name + "] is off from now on: " + why
                    + "; its output is still captured.");
        } catch (RuntimeException e) {
            // no console to say it on
        }
    }
}
