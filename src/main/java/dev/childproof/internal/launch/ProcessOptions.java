package dev.childproof.internal.launch;

import dev.childproof.SpawnedProcess;
import dev.childproof.StopMethod;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options of one process as a user wrote them, not yet checked: the attributes of {@link SpawnedProcess} by
 * name, with the annotation's own defaults. Annotations, composed annotations and the programmatic spawner's
 * builder all produce one, and {@link DeclarationReader} checks it the same way whichever produced it. Immutable;
 * {@link #with} returns a copy.
 */
public final class ProcessOptions {

    private static final Map<String, Method> ATTRIBUTES = attributes();
    private static final ProcessOptions DEFAULTS = defaults();

    private final Map<String, Object> values;

    private ProcessOptions(Map<String, Object> values) {
        this.values = values;
    }

    /** @return every option at the annotation's default */
    public static ProcessOptions defaults() {
        if (DEFAULTS != null) {
            return DEFAULTS;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        ATTRIBUTES.forEach((name, method) -> values.put(name, method.getDefaultValue()));
        return new ProcessOptions(Collections.unmodifiableMap(values));
    }

    /** @return the options an annotation states */
    public static ProcessOptions of(SpawnedProcess annotation) {
        Map<String, Object> values = new LinkedHashMap<>();
        ATTRIBUTES.forEach((name, method) -> values.put(name, invoke(method, annotation)));
        return new ProcessOptions(Collections.unmodifiableMap(values));
    }

    /** @return the type of the {@link SpawnedProcess} attribute with that name, if there is one */
    public static Optional<Class<?>> attributeType(String name) {
        return Optional.ofNullable(ATTRIBUTES.get(name)).map(Method::getReturnType);
    }

    /**
     * Returns a copy with one option replaced.
     *
     * @param name a {@link SpawnedProcess} attribute name
     * @param value a value of that attribute's type (arrays are copied)
     * @return the copy
     * @throws IllegalArgumentException for an unknown name or a value of the wrong type
     */
    public ProcessOptions with(String name, Object value) {
        Class<?> type = attributeType(name).orElseThrow(() -> new IllegalArgumentException(
                "@SpawnedProcess has no attribute [" + name + "]"));
        Class<?> boxed = type == boolean.class ? Boolean.class : type == int.class ? Integer.class : type;
        if (value == null || !boxed.isInstance(value)) {
            throw new IllegalArgumentException("Option [" + name + "] takes a " + type.getSimpleName() + ", not "
                    + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value instanceof String[] ? ((String[]) value).clone() : value);
        return new ProcessOptions(Collections.unmodifiableMap(copy));
    }

    /** @return the option with that name, as stored (arrays are copied) */
    public Object get(String name) {
        Object value = values.get(name);
        return value instanceof String[] ? ((String[]) value).clone() : value;
    }

    // Accessors named like the annotation's attributes, so the reader reads both the same way.

    public Class<?> main() {
        return (Class<?>) values.get("main");
    }

    public String[] command() {
        return strings("command");
    }

    public String[] args() {
        return strings("args");
    }

    public String[] jvmArgs() {
        return strings("jvmArgs");
    }

    public String[] env() {
        return strings("env");
    }

    public String workingDir() {
        return (String) values.get("workingDir");
    }

    public String name() {
        return (String) values.get("name");
    }

    public boolean autoStart() {
        return (Boolean) values.get("autoStart");
    }

    public boolean daemon() {
        return (Boolean) values.get("daemon");
    }

    public StopMethod stopMethod() {
        return (StopMethod) values.get("stopMethod");
    }

    public String stopLine() {
        return (String) values.get("stopLine");
    }

    public String stopEvent() {
        return (String) values.get("stopEvent");
    }

    public String stopTimeout() {
        return (String) values.get("stopTimeout");
    }

    public String killTimeout() {
        return (String) values.get("killTimeout");
    }

    public String readyWhen() {
        return (String) values.get("readyWhen");
    }

    public int readyOnPort() {
        return (Integer) values.get("readyOnPort");
    }

    public boolean readyFile() {
        return (Boolean) values.get("readyFile");
    }

    public String readyTimeout() {
        return (String) values.get("readyTimeout");
    }

    public boolean echo() {
        return (Boolean) values.get("echo");
    }

    public int outputBufferKiB() {
        return (Integer) values.get("outputBufferKiB");
    }

    private String[] strings(String name) {
        return ((String[]) values.get(name)).clone();
    }

    private static Map<String, Method> attributes() {
        Map<String, Method> attributes = new LinkedHashMap<>();
        Arrays.stream(SpawnedProcess.class.getDeclaredMethods())
                .filter(m -> m.getParameterCount() == 0 && m.getDefaultValue() != null)
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .forEach(m -> attributes.put(m.getName(), m));
        return Collections.unmodifiableMap(attributes);
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read @SpawnedProcess." + method.getName(), e);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ProcessOptions[");
        values.forEach((name, value) -> {
            if (!Arrays.deepEquals(new Object[] {value}, new Object[] {DEFAULTS.values.get(name)})) {
                text.append(name).append('=').append(value instanceof String[] ? Arrays.toString((String[]) value)
                        : value).append(", ");
            }
        });
        return text.append(']').toString().replace(", ]", "]");
    }
}
