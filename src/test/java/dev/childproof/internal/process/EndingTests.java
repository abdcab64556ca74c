package dev.childproof.internal.process;

import dev.childproof.StopRung;
import dev.childproof.TimelineEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Ending: the rung that ended a process, whatever the order its exit and the ladder's rungs are seen in")
class EndingTests {

    @Test
    void aSigkillClimbedBeforeTheExitSigtermCausedWasSeenLeavesTheStopRequestAsWhatEndedIt() {
        ProcessTimeline timeline = new ProcessTimeline();
        Ending ending = new Ending(timeline, status -> { });
        ending.stopRequested("SIGTERM");
        ending.climbed(StopRung.SIGKILL);
        ending.exited(143);

        assertThat(ending.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(timeline.snapshot().events()).map(TimelineEvent::description).containsExactly(
                "stop requested (SIGTERM)", "SIGKILL sent to the tree", "killed by SIGTERM (exit code 143)");
    }

    @Test
    void aStopRequestMadeAfterAConcurrentKillClimbedButThatEndedTheProcessFirstIsWhatEndedIt() {
        // kill() on one thread records its rung, then stop() on another asks (SIGTERM) and the process exits of it
        // before the SIGKILL is sent
        ProcessTimeline timeline = new ProcessTimeline();
        Ending ending = new Ending(timeline, status -> { });
        ending.climbed(StopRung.SIGKILL);
        ending.stopRequested("SIGTERM");
        ending.exited(5);

        assertThat(ending.endedBy()).contains(StopRung.STOP_EVENT);
    }

    @Test
    void aSigkillThatEndedTheProcessIsWhatEndedIt() {
        Ending ending = new Ending(new ProcessTimeline(), status -> { });
        ending.stopRequested("EVENT");
        ending.climbed(StopRung.SIGTERM);
        ending.climbed(StopRung.SIGKILL);
        ending.exited(137);

        assertThat(ending.endedBy()).contains(StopRung.SIGKILL);
    }
}
