package dev.childproof.internal.reap;

import dev.childproof.internal.os.CgroupTree;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@DisplayName("Test cgroups: tests that start in the same nanosecond never share one")
class TestCgroupsTests {

    @Test
    void twoMadeAtTheSameNanosecondAreTwo() {
        Optional<CgroupTree> first = TestCgroups.ofItsOwn(() -> 42L);
        assumeTrue(first.isPresent(), "no writable cgroup2 hierarchy here, so the cgroup layer is off");
        Optional<CgroupTree> second = TestCgroups.ofItsOwn(() -> 42L);
        try {
            assertThat(second).isPresent();
            assertThat(second.get().dir()).isNotEqualTo(first.get().dir());
        } finally {
            first.get().remove();
            second.ifPresent(CgroupTree::remove);
        }
    }
}
