package dev.childproof.internal.junit;

/**
 * One process's part of a failed test's report, attached to the failure as a suppressed exception so the failure
 * keeps its own type and message (an IDE's expected/actual diff still works). It has no stack trace of its own:
 * the message is the report.
 */
final class ProcessReport extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String processName;

    ProcessReport(String processName, String message) {
        super(message, null, false, false);
        this.processName = processName;
    }

    String processName() {
        return processName;
    }
}
