package dev.childproof.internal.child;

import dev.childproof.ProcessTask;

import java.util.Arrays;

/**
 * The main class of a child JVM whose target implements {@link ProcessTask}: instantiates it, runs it and exits
 * with its result. An uncaught exception, from the task or from making it, prints its stack trace and exits with
 * code 1 at once, as a {@code main} that throws would, except that threads the task started do not keep the JVM
 * alive. A result outside 0 to 255, which POSIX would cut to its low 8 bits (256 would exit 0), prints one line on
 * standard error saying so and exits with code 1.
 */
public final class TaskLauncher {

    /** The highest exit code every system keeps whole: POSIX keeps only the low 8 bits. */
    private static final int MAX_CODE = 255;

    private TaskLauncher() {
    }

    /**
     * Runs a task.
     *
     * @param args the task's class name, then its arguments
     */
    public static void main(String[] args) {
        int code;
        try {
            Class<?> taskClass = Class.forName(args[0], true, TaskLauncher.class.getClassLoader());
            ProcessTask task = (ProcessTask) taskClass.getDeclaredConstructor().newInstance();
            code = task.run(ChildTaskContext.current(Arrays.asList(args).subList(1, args.length)));
            if (code < 0 || code > MAX_CODE) {
                System.err.println("ProcessTask [" + args[0] + "] returned " + code + ", which is not an exit code"
                        + " from 0 to " + MAX_CODE + ", so the process exits with code 1; return a code from 0 to "
                        + MAX_CODE + ".");
                code = 1;
            }
        } catch (Throwable t) {
            // as the JVM reports an exception out of main; but main's end would then wait for every non-daemon thread
            System.err.print("Exception in thread \"" + Thread.currentThread().getName() + "\" ");
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
