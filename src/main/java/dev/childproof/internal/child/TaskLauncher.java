package dev.childproof.internal.child;

import dev.childproof.ProcessTask;

import java.util.Arrays;

/**
 * The main class of a child JVM whose target implements {@link ProcessTask}: instantiates it, runs it and exits
 * with its result. An uncaught exception propagates out of {@code main}, so the JVM prints the stack trace and
 * exits with code 1.
 */
public final class TaskLauncher {

    private TaskLauncher() {
    }

    /**
     * Runs a task.
     *
     * @param args the task's class name, then its arguments
     * @throws Exception whatever the task throws
     */
    public static void main(String[] args) throws Exception {
        Class<?> taskClass = Class.forName(args[0], true, TaskLauncher.class.getClassLoader());
        ProcessTask task = (ProcessTask) taskClass.getDeclaredConstructor().newInstance();
        int code = task.run(ChildTaskContext.current(Arrays.asList(args).subList(1, args.length)));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
