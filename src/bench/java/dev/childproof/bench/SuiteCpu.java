package dev.childproof.bench;

import org.junit.platform.testkit.engine.EngineTestKit;

import java.lang.management.ManagementFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The 500-test suite of {@link SuiteBenchmark}, hand-written and with the extension, alternately, printing the wall
 * time and the JVM's CPU time of each run (a development aid: CPU time, unlike wall time, hardly moves with the
 * load of a shared machine). Run after {@code ./mvnw -Pbench test-compile}, with {@code target/benchfull.cp}
 * written by {@code ./mvnw -q -Pbench dependency:build-classpath -Dmdep.outputFile=target/benchfull.cp
 * -Dmdep.includeScope=test}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/benchfull.cp) dev.childproof.bench.SuiteCpu 6}.
 */
public final class SuiteCpu {

    private SuiteCpu() {
    }

    public static void main(String[] args) {
        com.sun.management.OperatingSystemMXBean jvm =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        for (int round = 0; round < rounds; round++) {
            for (Class<?> suite : new Class<?>[] {SuiteBenchmark.HandWrittenSuite.class,
                    SuiteBenchmark.ExtensionSuite.class}) {
                long cpu = jvm.getProcessCpuTime();
                long start = System.nanoTime();
                EngineTestKit.engine("junit-jupiter")
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                        .selectors(selectClass(suite)).execute();
                System.out.printf("%-16s wall %5.0f ms, JVM CPU %5.0f ms%n", suite.getSimpleName(),
                        (System.nanoTime() - start) / 1e6, (jvm.getProcessCpuTime() - cpu) / 1e6);
            }
        }
    }
}
