package dev.childproof.internal.launch;

import dev.childproof.ProcessTask;
import dev.childproof.internal.child.TaskLauncher;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of a fresh JVM running a class: the test JVM's own {@code java}, class path and module path (with
 * its module options), output in UTF-8.
 */
final class JavaTarget {

    private JavaTarget() {
    }

    /** The first Java whose launcher runs instance and package-private {@code main} methods (JEP 512). */
    private static final int FLEXIBLE_MAIN_FEATURE = 25;

    /** Why the class cannot be run, or empty when it can. */
    static Optional<String> check(Class<?> mainClass) {
        return check(mainClass, Runtime.version().feature());
    }

    /**
     * Why the class cannot be run by the {@code java} of this feature version (the child runs the test JVM's own),
     * or empty when it can.
     */
    static Optional<String> check(Class<?> mainClass, int javaFeature) {
        if (ProcessTask.class.isAssignableFrom(mainClass)) {
            if (Modifier.isAbstract(mainClass.getModifiers()) || !Modifier.isPublic(mainClass.getModifiers())) {
                return Optional.of("implements ProcessTask but is not a public concrete class; make it public and"
                        + " not abstract");
            }
            if (isInner(mainClass)) {
                return Optional.of("implements ProcessTask but is an inner class, which needs an enclosing instance;"
                        + " make it static");
            }
            try {
                if (!Modifier.isPublic(mainClass.getDeclaredConstructor().getModifiers())) {
                    return Optional.of("implements ProcessTask but its no-argument constructor is not public; make it"
                            + " public");
                }
            } catch (NoSuchMethodException e) {
                return Optional.of("implements ProcessTask but has no no-argument constructor; add one");
            }
            return Optional.empty();
        }
        if (javaFeature >= FLEXIBLE_MAIN_FEATURE) {
            return flexibleMain(mainClass);
        }
        try {
            Method main = mainClass.getMethod("main", String[].class);
            if (Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class) {
                return Optional.empty();
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        return Optional.of("has no public static void main(String[]) and does not implement ProcessTask; add one"
                + " of them");
    }

    /**
     * What the launcher of Java 25 and later runs (JEP 512): a non-private {@code main(String[])}, else a
     * non-private {@code main()}, declared or inherited, static or not; an instance {@code main} needs a
     * non-private no-argument constructor of a concrete class.
     */
    private static Optional<String> flexibleMain(Class<?> mainClass) {
        Optional<Method> main = mainMethod(mainClass, String[].class).or(() -> mainMethod(mainClass));
        if (main.isEmpty()) {
            return Optional.of("has no main method the java launcher can run (void main(String[]) or void main(),"
                    + " not private) and does not implement ProcessTask; add one of them");
        }
        if (Modifier.isStatic(main.get().getModifiers())) {
            return Optional.empty();
        }
        if (Modifier.isAbstract(mainClass.getModifiers()) || isInner(mainClass)) {
            return Optional.of("has an instance main method but is abstract or an inner class, so the java launcher"
                    + " cannot make an instance; make it concrete and static, or the main method static");
        }
        try {
            if (!Modifier.isPrivate(mainClass.getDeclaredConstructor().getModifiers())) {
                return Optional.empty();
            }
        } catch (NoSuchMethodException e) {
            // reported below
        }
        return Optional.of("has an instance main method but no non-private no-argument constructor; add one, or"
                + " make the main method static");
    }

    private static Optional<Method> mainMethod(Class<?> mainClass, Class<?>... parameters) {
        for (Class<?> c = mainClass; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method main = c.getDeclaredMethod("main", parameters);
                // the launcher takes the nearest declaration, and refuses it when it is private
                return Modifier.isPrivate(main.getModifiers()) || main.getReturnType() != void.class
                        ? Optional.empty() : Optional.of(main);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            }
        }
        // then a default method of an interface, which the class inherits (a static one it does not)
        try {
            Method main = mainClass.getMethod("main", parameters);
            return main.isDefault() && main.getReturnType() == void.class ? Optional.of(main) : Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static boolean isInner(Class<?> type) {
        return type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
    }

    /**
     * The option that makes a HotSpot JVM start faster: no compilation beyond C1 (the realistic child of the
     * benchmarks reaches ready 11 to 18 % sooner in every full run; a child that computes for long runs slower).
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    /**
     * A Java child's options with {@link #QUICK_START} first, where the child's JVM (the test JVM's own) is HotSpot
     * (a server VM); the declared ones follow it, so that one of their own ({@code -XX:TieredStopAtLevel=4}) wins.
     */
    static List<String> withQuickStart(List<String> jvmArgs) {
        return withQuickStart(jvmArgs, System.getProperty("java.vm.name", ""));
    }

    static List<String> withQuickStart(List<String> jvmArgs, String vmName) {
        if (!vmName.contains("Server VM")) {
            return jvmArgs; // OpenJ9 and others: not their option
        }
        List<String> withIt = new ArrayList<>(jvmArgs.size() + 1);
        withIt.add(QUICK_START);
        withIt.addAll(jvmArgs);
        return List.copyOf(withIt);
    }

    /**
     * Standard output and error encoded as UTF-8, as the extension decodes them, whatever the locale ({@code LANG=C}
     * in many containers would make them ASCII, every other character a {@code ?}): {@code stdout.encoding} from
     * Java 19 on, {@code sun.stdout.encoding} before. Put before the declared options, which may override them.
     */
    static final List<String> UTF8_OUTPUT = Runtime.version().feature() >= 19
            ? List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8")
            : List.of("-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8");

    static List<String> commandLine(Class<?> mainClass, List<String> jvmArgs, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(javaExecutable().toString());
        List<String> modulePath = ChildClassPath.absoluteEntries(System.getProperty("jdk.module.path", ""));
        List<String> options = new ArrayList<>();
        String classPath = withDeclaredEntries(ChildClassPath.of(mainClass), jvmArgs, options);
        line.addAll(ArgumentFiles.shortened(pathOptions(classPath, modulePath,
                modulePath.isEmpty() ? List.of() : ModuleOptions.ofTestJvm())));
        line.addAll(UTF8_OUTPUT);
        line.addAll(options);
        if (ProcessTask.class.isAssignableFrom(mainClass)) {
            line.add(TaskLauncher.class.getName());
        }
        line.add(mainClass.getName());
        line.addAll(args);
        return line;
    }

    /**
     * The class path with the entries of a class path option among the declared options ({@code -cp x},
     * {@code -classpath x}, {@code --class-path x} or {@code --class-path=x}) after its own: the child's {@code java}
     * takes the last such option alone, so one given there would drop the test JVM's class path, Childproof's
     * included. The other options go to {@code rest}, in order.
     */
    static String withDeclaredEntries(String classPath, List<String> jvmArgs, List<String> rest) {
        StringBuilder merged = new StringBuilder(classPath);
        for (int i = 0; i < jvmArgs.size(); i++) {
            String option = jvmArgs.get(i);
            String entries = null;
            if (CLASS_PATH_OPTIONS.contains(option) && i + 1 < jvmArgs.size()) {
                entries = jvmArgs.get(++i);
            } else if (option.startsWith("--class-path=")) {
                entries = option.substring("--class-path=".length());
            }
            if (entries == null) {
                rest.add(option);
            } else if (!entries.isEmpty()) {
                merged.append(merged.length() == 0 ? "" : File.pathSeparator).append(entries);
            }
        }
        return merged.toString();
    }

    private static final List<String> CLASS_PATH_OPTIONS = List.of("-cp", "-classpath", "--class-path");

    /**
     * The class path, the module path and, with the module path, the test JVM's module options
     * ({@link ModuleOptions}: its root modules, patches, reads, exports and opens); each only when there is one.
     */
    static List<String> pathOptions(String classPath, List<String> modulePath, List<String> moduleOptions) {
        List<String> options = new ArrayList<>();
        if (!classPath.isEmpty()) {
            options.add("-cp");
            options.add(classPath);
        }
        if (!modulePath.isEmpty()) {
            options.add("--module-path");
            options.add(String.join(File.pathSeparator, modulePath));
            options.addAll(moduleOptions);
        }
        return options;
    }

    static Path javaExecutable() {
        Path bin = Paths.get(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        return java.toFile().exists() ? java : bin.resolve("java.exe");
    }
}
