package dev.childproof.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark's {@code main} in a JVM of its own (this one's {@code java} and class path), for the figures a test
 * run meets from its start, when the JIT has compiled nothing yet.
 */
final class FreshJvm {

    private FreshJvm() {
    }

    /**
     * Runs {@code main} with the arguments and returns what it printed, as numbers on one line.
     *
     * @throws IllegalStateException when the JVM exits with a failure or prints anything but numbers
     */
    static long[] run(Class<?> main, String... args) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed;
        try (InputStream out = jvm.getInputStream()) {
            printed = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        int code = jvm.waitFor();
        if (code != 0 || !printed.matches("[0-9]+( [0-9]+)*")) {
            throw new IllegalStateException("The fresh JVM of " + main.getSimpleName() + " " + String.join(" ", args)
                    + " exited with " + code + ": " + printed);
        }
        String[] fields = printed.split(" ");
        long[] numbers = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            numbers[i] = Long.parseLong(fields[i]);
        }
        return numbers;
    }
}
