package dev.childproof.internal.os;

/** What the operating system says a live process's threads are doing, at the moment it was asked. */
public enum ProcessActivity {
    /** At least one thread is runnable, or the operating system cannot tell. */
    RUNNABLE,
    /** Every thread sleeps or waits. */
    WAITING,
    /** The process is stopped (SIGSTOP). */
    STOPPED
}
