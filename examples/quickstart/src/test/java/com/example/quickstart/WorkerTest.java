package com.example.quickstart;

import dev.childproof.ChildProcess;
import dev.childproof.SpawnedProcess;
import dev.childproof.StopRung;
import dev.childproof.StopsWithin;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerTest {

    @SpawnedProcess(main = Worker.class, args = "--fast", readyWhen = "first unit of work done")
    @StopsWithin("2s")
    ChildProcess worker;

    @Test
    void stopsWhenAsked() {
        assertThat(worker.isAlive()).isTrue();

        worker.stopEvent().set();

        assertThat(worker.join(Duration.ofSeconds(10))).hasValueSatisfying(status -> assertThat(status.code()).isZero());
        assertThat(worker.endedBy()).contains(StopRung.STOP_EVENT);
        assertThat(worker.output().lines()).last().asString().startsWith("stop requested after");
        System.out.println("[quickstart] " + worker.name() + ": " + worker.timeline());
    }

    @Test
    void endsCommandsToo(@SpawnedProcess(command = {"sh", "-c", "echo hello; exit 3"}) ChildProcess quick) {
        assertThat(quick.join().code()).isEqualTo(3);
        assertThat(quick.join()).hasToString("exited with code 3");
        assertThat(quick.output().lines()).containsExactly("hello");
    }
}
