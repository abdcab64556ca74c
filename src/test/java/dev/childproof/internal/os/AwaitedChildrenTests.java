package dev.childproof.internal.os;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AwaitedChildrenTests {

    @Test
    void aChildTheJdkStartedIsAwaitedByItsProcessReaper() throws Exception {
        assumeTrue(AwaitedChildren.isKnown(), "system call numbers of this architecture unknown");
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> AwaitedChildren.now().contains(child.pid()));
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(AwaitedChildren.now()).doesNotContain(child.pid());
    }

    @Test
    void readsWait4AndWaitidForAPidAndNothingElse() {
        assumeTrue(AwaitedChildren.isKnown(), "system call numbers of this architecture unknown");
        boolean x86 = !System.getProperty("os.arch").equals("aarch64");
        String wait4 = x86 ? "61" : "260";
        String waitid = x86 ? "247" : "95";
        assertThat(AwaitedChildren.parse(wait4 + " 0x1f40 0x7ffd 0x0 0x0 0x0 0x0 0x7ffd 0x7f00"))
                .isEqualTo(OptionalLong.of(8000));
        assertThat(AwaitedChildren.parse(waitid + " 0x1 0x1f40 0x7ffd 0x4 0x0 0x0 0x7ffd 0x7f00"))
                .isEqualTo(OptionalLong.of(8000));
        assertThat(AwaitedChildren.parse(waitid + " 0x0 0x0 0x7ffd 0x4 0x0 0x0 0x7ffd 0x7f00")).isEmpty();
        assertThat(AwaitedChildren.parse("0 0x3 0x7fa4 0x20000 0x0 0x0 0x0 0x7ffe 0x7fa4")).isEmpty();
        assertThat(AwaitedChildren.parse("running")).isEmpty();
    }
}
