package dev.childproof.internal.process;

import dev.childproof.StopMethod;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.os.ProcessIdentity;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Carries a stop request to one process by its {@link StopMethod}; the stop file itself is the event's job. */
final class StopDelivery {

    private StopDelivery() {
    }

    static void deliver(StopMethod method, String stopLine, Process process, ProcessIdentity identity,
            OperatingSystem os) {
        switch (method) {
            case SIGTERM:
                // the JDK checks the pid is still this process (its start time, natively) before the kill, so no
                // read of /proc in Java first (ProcessIdentity.signal makes three on Java 17)
                process.toHandle().destroy();
                break;
            case SIGINT:
                identity.signal(os, "INT");
                break;
            case CLOSE_STDIN:
                closeQuietly(process.getOutputStream());
                break;
            case STDIN_LINE:
                writeLine(process.getOutputStream(), stopLine);
                break;
            default:
                break;
        }
    }

    private static void writeLine(OutputStream stdin, String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // the child no longer reads its input; the ladder's next rung takes over
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
