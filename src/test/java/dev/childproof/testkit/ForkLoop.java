package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;

import java.util.List;

/**
 * The processes of an escape fixture, found by a mark in their command lines: an orphan that keeps forking, for
 * tests of the sweeps, as a fixture launches it with
 * {@code sh -c "sh -c 'while :; do sleep <mark> & sleep <pause>; done' & exit 0"} (the shell starts the loop in the
 * background and exits at once, and the loop forks a {@code sleep} carrying the mark, for ever), or a daemon such as
 * {@code setsid env -i sleep <mark>}. Each test uses a mark of its own.
 */
public final class ForkLoop {

    private static final OperatingSystem OS = OperatingSystem.current();

    private final String mark;

    /** @param mark a number no other process has in its command line, which the loop and its sleeps carry */
    public ForkLoop(String mark) {
        this.mark = mark;
    }

    /** The live processes carrying the mark: a looping shell and the sleeps it forked, or a daemon. */
    public List<Long> alive() {
        return OS.allPids().stream().filter(pid -> !OS.isGone(pid) && OS.commandLine(pid).contains(mark)).toList();
    }

    /** Ends whatever carrying the mark a failing run left, so that it does not outlive the build either. */
    public void end() {
        for (int round = 0; round < 50 && !alive().isEmpty(); round++) {
            alive().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
