package dev.childproof;

import dev.childproof.internal.os.SignalTable;

import java.util.Optional;

/**
 * The POSIX signals a test may send or see, by name. The number of a signal differs between operating systems
 * (SIGUSR1 is 10 on Linux and 30 on macOS); {@link #number()} gives the one of the running operating system,
 * whose table is chosen at run time. Childproof sends signals by name ({@code kill -s USR1 <pid>}) wherever the
 * system's {@code kill} allows it, so the system's own numbering applies; SIGTERM and SIGKILL go through
 * {@link ProcessHandle}. On Java 22 and later on Linux every signal goes through {@code kill(2)} (FFM), with the
 * running system's number for the name.
 *
 * @since 0.1
 */
public enum Signal {
    /** Hang-up. */
    SIGHUP,
    /** Interrupt, as Ctrl-C in a terminal. */
    SIGINT,
    /**
     * Quit, with a core dump by default; a JVM prints a thread dump instead. On JDK 17 to 19 every process the JVM
     * launches starts with SIGQUIT blocked (JDK-8234262, fixed in JDK 20): it stays pending in such a child, which
     * sees it only if it unblocks it itself, as a child JVM does.
     */
    SIGQUIT,
    /** Illegal instruction. */
    SIGILL,
    /** Trace or breakpoint trap. */
    SIGTRAP,
    /** Abort. */
    SIGABRT,
    /** Bus error: 7 on Linux, 10 on macOS. */
    SIGBUS,
    /** Arithmetic error, such as an integer division by zero. */
    SIGFPE,
    /** Kill: cannot be caught or ignored. */
    SIGKILL,
    /** User-defined signal 1. */
    SIGUSR1,
    /** Segmentation violation. */
    SIGSEGV,
    /** User-defined signal 2. */
    SIGUSR2,
    /** Write to a pipe with no reader. */
    SIGPIPE,
    /** Alarm clock. */
    SIGALRM,
    /** Termination request: the polite way to ask a process to end. */
    SIGTERM,
    /** A child process stopped or terminated. */
    SIGCHLD,
    /** Continue a stopped process. */
    SIGCONT,
    /** Stop: cannot be caught or ignored. */
    SIGSTOP,
    /** Stop request from a terminal. */
    SIGTSTP,
    /** A background process read from its terminal; stops it by default. */
    SIGTTIN,
    /** A background process wrote to its terminal; stops it by default. */
    SIGTTOU,
    /** Urgent data on a socket; ignored by default. */
    SIGURG,
    /** The CPU time limit ({@code RLIMIT_CPU}) was exceeded. */
    SIGXCPU,
    /** The file size limit ({@code RLIMIT_FSIZE}) was exceeded. */
    SIGXFSZ,
    /** A virtual (user CPU time) timer expired. */
    SIGVTALRM,
    /** A profiling timer expired. */
    SIGPROF,
    /** The terminal window changed size; ignored by default. */
    SIGWINCH,
    /** A bad system call, such as one a seccomp filter forbids: 31 on Linux, 12 on macOS. */
    SIGSYS;

    /**
     * The number of this signal on the running operating system.
     *
     * @return the signal number, such as 15 for {@link #SIGTERM}
     */
    public int number() {
        return number(SignalTable.current());
    }

    int number(SignalTable table) {
        return table.number(shortName());
    }

    /**
     * The name without its {@code SIG} prefix, as {@code kill -s} takes it.
     *
     * @return for example {@code "TERM"}
     */
    public String shortName() {
        return name().substring(3);
    }

    /**
     * Finds the signal with the given number on the running operating system.
     *
     * @param number a signal number
     * @return the signal, or empty when the number names no signal listed here
     */
    public static Optional<Signal> ofNumber(int number) {
        return ofNumber(number, SignalTable.current());
    }

    static Optional<Signal> ofNumber(int number, SignalTable table) {
        return table.name(number).map(name -> valueOf("SIG" + name));
    }
}
