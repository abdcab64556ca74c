package dev.childproof.internal.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Parameter;

/** How messages name fields and parameters: {@code field [ChildProcess WorkerTest.worker]}. */
final class Elements {

    private Elements() {
    }

    static String describe(Field field) {
        return "field [" + field.getType().getSimpleName() + " " + field.getDeclaringClass().getSimpleName() + "."
                + field.getName() + "]";
    }

    static String describe(Parameter parameter, int index) {
        var executable = parameter.getDeclaringExecutable();
        String owner = executable instanceof java.lang.reflect.Constructor
                ? "constructor [" + executable.getDeclaringClass().getSimpleName() + "]"
                : "method [" + executable.getDeclaringClass().getSimpleName() + "." + executable.getName() + "]";
        return "parameter [" + parameter.getType().getSimpleName() + " " + name(parameter, index) + "] of " + owner;
    }

    static String name(Parameter parameter, int index) {
        return parameter.isNamePresent() ? parameter.getName() : "arg" + index;
    }
}
