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
        return "parameter [" + parameter.getType().getSimpleName() + " " + name(parameter, index) + "] of method ["
                + executable.getDeclaringClass().getSimpleName() + "." + executable.getName() + "]";
    }

    static String name(Parameter parameter, int index) {
        return parameter.isNamePresent() ? parameter.getName() : "arg" + index;
    }
}
