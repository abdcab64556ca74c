package dev.childproof.torture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The short default torture run inside the build: every scenario once at small sizes, all invariants. */
@Isolated("the invariants look at every process and thread of this run")
@DisplayName("Torture, short run")
class TortureSmokeTests {

    @Test
    void everyScenarioOnceWithNothingLeakedAndNothingLost() throws Exception {
        List<ScenarioResult> results = TortureRunner.run(1, Scale.SMOKE, Path.of("target", "torture-smoke"));
        assertThat(results).as(TortureRunner.report(results, 1, 0)).allMatch(ScenarioResult::isClean);
    }
}
