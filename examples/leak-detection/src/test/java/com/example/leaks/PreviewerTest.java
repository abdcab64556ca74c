package com.example.leaks;

import dev.childproof.DetectProcessLeaks;
import dev.childproof.DetectProcessLeaks.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code @DetectProcessLeaks} looks at the test JVM's children before and after each test. With the default policy
 * ({@code FAIL}) the leaky test would fail, naming the process; here it is set to {@code WARN} so that the example
 * build stays green and prints the warning instead. Either way the leaked helper is ended.
 */
@Isolated
class PreviewerTest {

    @Test
    @DetectProcessLeaks(Policy.WARN)
    void theLeakyRendererIsCaught() throws Exception {
        new Previewer().renderLeaky("cat.png");
    }

    @Test
    @DetectProcessLeaks
    void theFixedRendererLeavesNothing() throws Exception {
        try (Previewer previewer = new Previewer()) {
            previewer.render("cat.png");
        }
    }
}
