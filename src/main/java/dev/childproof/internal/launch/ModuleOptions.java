package dev.childproof.internal.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The test JVM's module options a child given its module path needs to see the modules as the test JVM does: the
 * root modules ({@code --add-modules}, without which a module path resolves nothing for code on the class path) and,
 * as a build tool gives a modular project's tests ({@code surefire}'s {@code useModulePath}), the test classes
 * patched into their module ({@code --patch-module}, without which the child cannot find a main class there) and the
 * reads, exports and opens that let them and the class path reach each other.
 */
final class ModuleOptions {

    /** The options carried, each with its value after {@code =} among the JVM's input arguments. */
    private static final List<String> CARRIED = List.of("--add-modules", "--patch-module", "--add-reads",
            "--add-exports", "--add-opens");

    private ModuleOptions() {
    }

    /**
     * The test JVM's module options, read once from its input arguments (which load the management module), only
     * where there is a module path.
     */
    static List<String> ofTestJvm() {
        return TestJvm.VALUE;
    }

    /** Holds the test JVM's module options, read on first use. */
    private static final class TestJvm {
        static final List<String> VALUE = read();

        private static List<String> read() {
            try {
                return of(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                        System.getenv("JDK_JAVA_OPTIONS"));
            } catch (LinkageError | SecurityException e) {
                return List.of(); // java.management not in the module graph: the child gets the module path alone
            }
        }
    }

    /**
     * The module options among a JVM's input arguments, where the launcher gives each as {@code --option=value}:
     * the root modules as one {@code --add-modules} (each once, comma-separated), then each other option once, in
     * order, a patch's directories made absolute (the child may run in another working directory). An option that
     * {@code JDK_JAVA_OPTIONS} gave is left out, since the child's own launcher reads that variable again (twice,
     * {@code --patch-module} would end it at once).
     *
     * @param inputArguments the JVM's input arguments
     * @param jdkJavaOptions the {@code JDK_JAVA_OPTIONS} the child inherits, or null
     * @return the options, each followed by its value
     */
    static List<String> of(List<String> inputArguments, String jdkJavaOptions) {
        Set<String> inherited = fromEnvironment(jdkJavaOptions);
        Set<String> modules = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (String argument : inputArguments) {
            int equals = argument.indexOf('=');
            String option = equals < 0 ? argument : argument.substring(0, equals);
            if (equals < 0 || !CARRIED.contains(option) || inherited.contains(argument)) {
                continue;
            }
            String value = argument.substring(equals + 1);
            if (option.equals("--add-modules")) {
                for (String module : value.split(",")) {
                    if (!module.isBlank()) {
                        modules.add(module.trim());
                    }
                }
            } else {
                others.add(option + "=" + (option.equals("--patch-module") ? absolutePatch(value) : value));
            }
        }
        List<String> options = new ArrayList<>();
        if (!modules.isEmpty()) {
            options.add("--add-modules");
            options.add(String.join(",", modules));
        }
        for (String other : others) {
            int equals = other.indexOf('=');
            options.add(other.substring(0, equals));
            options.add(other.substring(equals + 1));
        }
        return List.copyOf(options);
    }

    /** {@code module=dir1:dir2} with each directory absolute. */
    private static String absolutePatch(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            return value; // the child's launcher says what is wrong with it, as the test JVM's did not
        }
        return value.substring(0, equals + 1)
                + String.join(File.pathSeparator, ChildClassPath.absoluteEntries(value.substring(equals + 1)));
    }

    /** The options of {@code JDK_JAVA_OPTIONS} as the launcher passes them on, {@code --option=value}. */
    private static Set<String> fromEnvironment(String jdkJavaOptions) {
        Set<String> options = new LinkedHashSet<>();
        if (jdkJavaOptions == null || jdkJavaOptions.isBlank()) {
            return options;
        }
        String[] words = jdkJavaOptions.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (CARRIED.contains(words[i]) && i + 1 < words.length) {
                options.add(words[i] + "=" + words[++i]);
            } else {
                options.add(words[i]);
            }
        }
        return options;
    }
}
