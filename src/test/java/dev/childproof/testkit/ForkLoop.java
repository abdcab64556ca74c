package dev.childproof.testkit;

import dev.childproof.internal.os.OperatingSystem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The processes of an escape fixture, found by a mark in their command lines: an orphan that keeps forking, for
 * tests of the sweeps, as a fixture launches it with
 * {@code sh -c JVM_PID + "sh -c \"while :; do sleep <number>.$p & sleep <pause>; done\" & exit 0"} (the shell starts
 * the loop in the background and exits at once, and the loop forks a {@code sleep} carrying the mark, for ever), or a
 * daemon such as {@code setsid env -i sleep <number>.$p}. Each test uses a number of its own.
 *
 * <p>A mark is {@code <number>.<pid of the test JVM that launched it>}: two checkouts' suites running on one machine
 * at once would otherwise find, and end, each other's fixtures. A launched shell takes that pid from its
 * {@code CHILDPROOF_COOKIE} ({@link #JVM_PID}); {@code sleep} reads the mark as a number of seconds.
 */
public final class ForkLoop {

    /**
     * Shell commands that set {@code $p} to the pid of the test JVM that launched the shell, from the cookie the
     * extension gives every launched process ({@code cp1.<run id>.<jvm pid>.<number>}).
     */
    public static final String JVM_PID = "p=${CHILDPROOF_COOKIE#cp1.*.}; p=${p%%.*}; ";

    private static final OperatingSystem OS = OperatingSystem.current();

    /**
     * {@code sleep <mark>} as whole words: the bare number also turns up in unrelated command lines, such as the
     * timestamps in the names of the Surefire booter's files on the test JVM's own, which {@link #end()} would kill.
     */
    private final Pattern sleepOfTheMark;
    private final String number;

    /** @param number a number no other fixture sleeps for; the processes carry it with this JVM's pid */
    public ForkLoop(String number) {
        this(number, ProcessHandle.current().pid());
    }

    private ForkLoop(String number, long jvmPid) {
        this.number = number;
        this.sleepOfTheMark = sleepOf(mark(number, jvmPid));
    }

    /** The same fixture as launched by another test JVM (one a test started with {@link TestJvm}). */
    public ForkLoop launchedBy(long jvmPid) {
        return new ForkLoop(number, jvmPid);
    }

    /** The mark a test JVM's fixture carries: {@code <number>.<jvm pid>}. */
    public static String mark(String number, long jvmPid) {
        return number + "." + jvmPid;
    }

    /** A pattern finding {@code sleep <mark>}, as whole words, in a command line. */
    private static Pattern sleepOf(String mark) {
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
