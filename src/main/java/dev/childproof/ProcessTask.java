package dev.childproof;

/**
 * What a Java child may implement instead of {@code main}: Childproof instantiates it (public no-argument
 * constructor) in the child JVM, calls {@link #run(TaskContext)} and exits with the returned code, which must be
 * from 0 to 255. An uncaught exception ends the child with exit code 1 and the stack trace on standard error; a
 * result outside 0 to 255 (which POSIX would cut to its low 8 bits, so that 256 would exit 0) ends it with exit
 * code 1 and one line on standard error saying so.
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
     * @return the exit code, from 0 to 255; any other value exits with code 1
     * @throws Exception any failure; the child then exits with code 1
     */
    int run(TaskContext context) throws Exception;
}
