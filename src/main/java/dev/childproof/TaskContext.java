package dev.childproof;

import dev.childproof.internal.child.ChildTaskContext;

import java.util.List;

/**
 * What a child JVM launched by Childproof knows about itself. Given to {@link ProcessTask#run(TaskContext)};
 * a plain {@code main} can reach it through {@link #current()}.
 *
 * @since 0.1
 */
public interface TaskContext {

    /**
     * The arguments the process was launched with.
     *
     * @return the arguments the process was launched with
     */
    List<String> args();

    /**
     * The process's name ({@code CHILDPROOF_NAME}).
     *
     * @return the process's name ({@code CHILDPROOF_NAME})
     */
    String name();

    /**
     * The stop event of this process; same as {@link StopEvent#current()}.
     *
     * @return the stop event of this process; same as {@link StopEvent#current()}
     */
    StopEvent stopEvent();

    /**
     * Tells the parent this process is ready, by creating the file named by {@code CHILDPROOF_READY_FILE};
     * idempotent.
     */
    void ready();

    /**
     * The context of the running process, for code running in a JVM launched by Childproof.
     *
     * @return the context, with no arguments
     * @throws IllegalStateException when this JVM was not launched by Childproof
     */
    static TaskContext current() {
        return ChildTaskContext.current(List.of());
    }
}
