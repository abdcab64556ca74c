package dev.childproof.internal.junit;

import dev.childproof.ExitStatus;
import dev.childproof.internal.output.OutputReport;
import dev.childproof.internal.process.ManagedProcess;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Adds to a failure of a test (or of one of its lifecycle methods) what every process of that test looks like at
 * that moment: name, pid, state or exit status, its last lines of output and the path of its full log. Processes
 * of enclosing scopes (static fields, outer classes) come first, then the test's own, in declaration order. An
 * aborted test (a failed assumption) is not a failure and gets nothing.
 */
public final class FailureReport {

    /** How long a terminated process's streams may take to reach end-of-file before its report is written. */
    private static final Duration DRAIN = Duration.ofMillis(200);

    private FailureReport() {
    }

    /**
     * Attaches one {@link ProcessReport} per process visible from {@code context} to {@code failure}, once each.
     *
     * @return {@code failure}, to be rethrown
     */
    public static Throwable addTo(Throwable failure, ExtensionContext context) {
        if (failure instanceof TestAbortedException) {
            return failure;
        }
        List<String> reported = new ArrayList<>();
        for (Throwable suppressed : failure.getSuppressed()) {
            if (suppressed instanceof ProcessReport) {
                reported.add(((ProcessReport) suppressed).processName());
            }
        }
        // one wait for the output of all the exited processes, not one after another
        long drained = System.nanoTime() + DRAIN.toNanos();
        for (ManagedProcess process : visibleProcesses(context)) {
            String key = process.name() + "@" + System.identityHashCode(process);
            if (!reported.contains(key)) {
                failure.addSuppressed(new ProcessReport(key, describe(process, drained)));
                reported.add(key);
            }
        }
        return failure;
    }

    /**
     * As {@link #addTo}, for the failure of an {@code @AfterEach} or {@code @AfterAll} method: nothing when the test
     * (or class) failed already with the reports, which JUnit shows with this failure suppressed in it.
     */
    public static Throwable addToLater(Throwable failure, ExtensionContext context) {
        Optional<Throwable> earlier = context.getExecutionException();
        if (earlier.isPresent() && earlier.get() != failure && Arrays.stream(earlier.get().getSuppressed())
                .anyMatch(ProcessReport.class::isInstance)) {
            return failure;
        }
        return addTo(failure, context);
    }

    private static List<ManagedProcess> visibleProcesses(ExtensionContext context) {
        Deque<ExtensionContext> chain = new ArrayDeque<>();
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            chain.addFirst(c);
        }
        List<ManagedProcess> processes = new ArrayList<>();
        for (ExtensionContext c : chain) {
            processes.addAll(ProcessInjector.processesOf(c));
        }
        return processes;
    }

    /** The report of one process, such as {@code Process [worker] (pid 42) exited with code 3.} and its output. */
    private static String describe(ManagedProcess process, long drainedNanos) {
        if (process.startInstant().isEmpty()) {
            return "Process [" + process.name() + "] was never started (it is NEW).";
        }
        String head = "Process [" + process.name() + "] (pid " + process.pid() + ") ";
        Optional<ExitStatus> status = process.exitStatus();
        if (status.isPresent()) {
            process.capture().awaitDrained(Duration.ofNanos(Math.max(0, drainedNanos - System.nanoTime())));
            head += status.get() + ".";
        } else {
            head += "is " + process.state() + ".";
        }
        return head + "\n" + OutputReport.of(process.capture());
    }
}
