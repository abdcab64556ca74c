package dev.childproof.bench;

/**
 * What a {@code sleep 30} child costs in CPU (its own and the JDK's {@code jspawnhelper}'s, as the test JVM's
 * reaped-children time) when it is destroyed at once after {@code start()} returns, or after a pause (a
 * development aid for the suite figure: the hand-written suite destroys its child at once, most often before the
 * child has finished starting, where a test with the extension lets it finish). The pause is spun, not slept, so
 * that the child runs on the other core as it would during a test. Run after {@code ./mvnw -Pbench test-compile}:
 * {@code java -cp target/test-classes dev.childproof.bench.ChildStartupCpu 0 1000 3000} (pauses in microseconds).
 */
public final class ChildStartupCpu {

    private static final int CHILDREN = 1000;

    private ChildStartupCpu() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args.length > 0 ? args : new String[] {"0", "1000", "3000"}) {
            long pauseNanos = Long.parseLong(arg) * 1000;
            for (int round = 0; round < 3; round++) {
                long before = ProcessCpu.childrenTicks();
                long start = System.nanoTime();
                for (int i = 0; i < CHILDREN; i++) {
                    Process child = new ProcessBuilder("sleep", "30").start();
                    long until = System.nanoTime() + pauseNanos;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    child.destroy();
                    child.waitFor();
                }
                double childMillis = (ProcessCpu.childrenTicks() - before) * 10 / (double) CHILDREN;
                System.out.printf("pause %5d µs: %.3f ms a cycle, children's CPU %.3f ms a child%n", pauseNanos / 1000,
                        (System.nanoTime() - start) / 1e6 / CHILDREN, childMillis);
            }
        }
    }
}
