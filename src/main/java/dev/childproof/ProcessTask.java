package dev.childproof;

/**
 * What a Java child may implement instead of {@code main}: Childproof instantiates it (public no-argument
 * constructor) in the child JVM, calls {@link #run(TaskContext)} and exits with the returned code. An uncaught
 * exception ends the child with exit code 1 and the stack trace on standard error.
 *
 * <pre>{@code
 * public class Worker implements ProcessTask {
 *     public int run(TaskContext context) throws Exception {
 *         while (!context.stopEvent().await(Duration.ofMillis(100))) { work(); }
 *         return 0;
 *     }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProcessTask {

    /**
     * The body of the child process.
     *
     * @param context the arguments, name and stop event of this process
     * @return the exit code
     * @throws Exception any failure; the child then exits with code 1
     */
    int run(TaskContext context) throws Exception;
}
