package com.example.quickstart;

import dev.childproof.ProcessTask;
import dev.childproof.TaskContext;

import java.time.Duration;

/** A worker that does a unit of work every 10 ms until it is asked to stop, then says goodbye and exits 0. */
public class Worker implements ProcessTask {

    @Override
    public int run(TaskContext context) throws InterruptedException {
        System.out.println("worker " + context.name() + " started with " + context.args());
        int units = 0;
        while (!context.stopEvent().await(Duration.ofMillis(10))) {
            units++;
            if (units == 1) {
                System.out.println("first unit of work done");
            }
        }
        System.out.println("stop requested after " + units + " units; shutting down cleanly");
        return 0;
    }
}
