package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The processes of an escape fixture, found by a mark in their command lines: an orphan that keeps forking, for
 * tests of the sweeps, as a fixture launches it with
 * {@code sh -c "sh -c 'while :; do sleep <mark> & sleep <pause>; done' & exit 0"} (the shell starts the loop in the
 * background and exits at once, and the loop forks a {@code sleep} carrying the mark, for ever), or a daemon such as
 * {@code setsid env -i sleep <mark>}. Each test uses a mark of its own.
 */
public final class ForkLoop {

    private static final OperatingSystem OS = OperatingSystem.current();

    /**
     * {@code sleep <mark>} as whole words: the bare number also turns up in unrelated command lines, such as the
     * timestamps in the names of the Surefire booter's files on the test JVM's own, which {@link #end()} would kill.
     */
    private final Pattern sleepOfTheMark;

    /** @param mark a number no other process sleeps for, which the loop and its sleeps carry */
    public ForkLoop(String mark) {
        this.sleepOfTheMark = sleepOf(mark);
    }

    /** A pattern finding {@code sleep <mark>}, as whole words, in a command line. */
    public static Pattern sleepOf(String mark) {
        return Pattern.compile("\\bsleep " + Pattern.quote(mark) + "\\b");
    }

    /** The live processes carrying the mark: a looping shell and the sleeps it forked, or a daemon. */
    public List<Long> alive() {
        long self = ProcessHandle.current().pid();
        return OS.allPids().stream().filter(pid -> pid != self && !OS.isGone(pid)
                && sleepOfTheMark.matcher(OS.commandLine(pid)).find()).toList();
    }

    /** Ends whatever carrying the mark a failing run left, so that it does not outlive the build either. */
    public void end() {
        for (int round = 0; round < 50 && !alive().isEmpty(); round++) {
            alive().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
