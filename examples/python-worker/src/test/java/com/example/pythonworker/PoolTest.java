package com.example.pythonworker;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;
import dev.childproof.StopRung;
import dev.childproof.StopsWithin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PoolTest {

    @SpawnedProcess(command = {"python3", "src/test/python/pool.py"}, args = "4",
            stopMethod = StopMethod.EVENT, readyWhen = "supervisor ready")
    @StopsWithin("5s")
    ChildProcess pool;

    @Test
    void theWholePoolStopsOnOneEvent() {
        List<ProcessHandle> workers = workerHandles();
        assertThat(workers).hasSize(4).allMatch(ProcessHandle::isAlive);

        pool.stopEvent().set();

        assertThat(pool.join(Duration.ofSeconds(10))).hasValueSatisfying(s -> assertThat(s.isSuccess()).isTrue());
        assertThat(pool.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(pool.output().lines()).filteredOn(line -> line.startsWith("worker ")).hasSize(4);
        assertThat(pool.output().lines()).contains("all workers joined; exit codes 0 0 0 0");
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        System.out.println("[python-worker] " + pool.timeline());
    }

    private List<ProcessHandle> workerHandles() {
        String pids = pool.awaitLine("^pids ", Duration.ofSeconds(10)).substring("pids ".length());
        return Arrays.stream(pids.split(" ")).map(Long::parseLong).map(ProcessHandle::of)
                .flatMap(Optional::stream).collect(Collectors.toList());
    }
}
