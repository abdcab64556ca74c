package dev.childproof;

/**
 * The rung of the stop ladder that ended a process.
 *
 * <p>The ladder climbs only as far as it must: first the process is asked to stop through its {@link StopEvent},
 * then the process and its descendants receive SIGTERM, and last the whole tree receives SIGKILL.
 *
 * @since 0.1
 */
public enum StopRung {
    /** The process exited before anybody asked it to stop. */
    EXITED_ON_ITS_OWN,
    /** The process exited after its stop event was set, within the stop timeout. */
    STOP_EVENT,
    /** The process exited after SIGTERM was sent to it and its descendants, within the kill timeout. */
    SIGTERM,
    /** The process was ended by SIGKILL. */
    SIGKILL
}
