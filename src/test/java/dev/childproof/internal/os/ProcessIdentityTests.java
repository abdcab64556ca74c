package dev.childproof.internal.os;

import dev.childproof.internal.reap.LaunchRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The written-out equality of the records every launch and cleanup hashes. */
@DisplayName("Process identities and launch records: equal exactly when every component is")
class ProcessIdentityTests {

    @Test
    void identitiesAreEqualWithEqualHashesExactlyWhenPidAndStartTimeAre() {
        ProcessIdentity one = new ProcessIdentity(4242, 1_000_000_000_123L);
        assertThat(one).isEqualTo(new ProcessIdentity(4242, 1_000_000_000_123L))
                .hasSameHashCodeAs(new ProcessIdentity(4242, 1_000_000_000_123L))
                .isNotEqualTo(new ProcessIdentity(4243, 1_000_000_000_123L))
                .isNotEqualTo(new ProcessIdentity(4242, 1_000_000_000_124L))
                .isNotEqualTo(new ProcessIdentity(1_000_000_000_123L, 4242))
                .isNotEqualTo(null)
                .isNotEqualTo("4242");
        assertThat(one.hashCode()).isNotEqualTo(new ProcessIdentity(4243, 1_000_000_000_123L).hashCode());
        assertThat(one).hasToString("ProcessIdentity[pid=4242, startTime=1000000000123]");
    }

    @Test
    void launchRecordsAreEqualWithEqualHashesExactlyWhenEveryComponentIs() {
        ProcessIdentity identity = new ProcessIdentity(4242, 77);
        LaunchRecord record = new LaunchRecord(identity, "run.7", "sleeper");
        assertThat(record).isEqualTo(new LaunchRecord(new ProcessIdentity(4242, 77), "run.7", "sleeper"))
                .hasSameHashCodeAs(new LaunchRecord(new ProcessIdentity(4242, 77), "run.7", "sleeper"))
                .isNotEqualTo(new LaunchRecord(new ProcessIdentity(4242, 78), "run.7", "sleeper"))
                .isNotEqualTo(new LaunchRecord(identity, "run.8", "sleeper"))
                .isNotEqualTo(new LaunchRecord(identity, "run.7", "waker"))
                .isNotEqualTo(null)
                .isNotEqualTo(identity);
    }
}
