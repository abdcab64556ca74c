package dev.childproof.internal.launch;

import dev.childproof.ProcessTask;
import dev.childproof.internal.child.TaskLauncher;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command line of a fresh JVM running a class: the test JVM's own {@code java}, class path and module path. */
final class JavaTarget {

    private JavaTarget() {
    }

    /** Why the class cannot be run, or empty when it can. */
    static Optional<String> check(Class<?> mainClass) {
        if (ProcessTask.class.isAssignableFrom(mainClass)) {
            if (Modifier.isAbstract(mainClass.getModifiers()) || !Modifier.isPublic(mainClass.getModifiers())) {
                return Optional.of("implements ProcessTask but is not a public concrete class; make it public and"
                        + " not abstract");
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

    static List<String> commandLine(Class<?> mainClass, List<String> jvmArgs, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add(javaExecutable().toString());
        String classPath = ChildClassPath.of(mainClass);
        if (!classPath.isEmpty()) {
            line.add("-cp");
            line.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) {
            line.add("--module-path");
            line.add(modulePath);
        }
        line.addAll(jvmArgs);
        if (ProcessTask.class.isAssignableFrom(mainClass)) {
            line.add(TaskLauncher.class.getName());
        }
        line.add(mainClass.getName());
        line.addAll(args);
        return line;
    }

    static Path javaExecutable() {
        Path bin = Paths.get(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        return java.toFile().exists() ? java : bin.resolve("java.exe");
    }
}
