package dev.childproof.internal.launch;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path a child JVM needs to run a class the test JVM can load. {@code java.class.path} alone is not it
 * whenever test classes come through a class loader of their own: the JUnit Platform Console Launcher
 * ({@code java -jar junit-platform-console-standalone.jar --class-path ...}) and IDE or build-tool runners load
 * them through a {@link URLClassLoader} while {@code java.class.path} names only the launcher's jar.
 */
public final class ChildClassPath {

    private ChildClassPath() {
    }

    /**
     * @param mainClass the class the child runs
     * @return {@code java.class.path}, then the file URLs of the class loaders that load the main class and
     *     Childproof (innermost last, so the JVM's own order wins), then both classes' code sources; each once and
     *     absolute, since the child may run in another working directory
     */
    public static String of(Class<?> mainClass) {
        Set<String> entries = new LinkedHashSet<>(absoluteEntries(System.getProperty("java.class.path", "")));
        addLoaders(entries, mainClass.getClassLoader());
        addLoaders(entries, ChildClassPath.class.getClassLoader());
        addCodeSource(entries, mainClass);
        addCodeSource(entries, ChildClassPath.class);
        return String.join(File.pathSeparator, entries);
    }

    /**
     * A path list ({@code java.class.path}, {@code jdk.module.path}) with every entry made absolute against the test
     * JVM's working directory: a child declared with a {@code workingDir} would resolve relative ones against its own.
     *
     * @param pathList entries separated by {@link File#pathSeparator}
     * @return the non-empty entries, absolute where they are paths at all
     */
    static List<String> absoluteEntries(String pathList) {
        List<String> entries = new ArrayList<>();
        for (String entry : pathList.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                try {
                    entries.add(Paths.get(entry).toAbsolutePath().toString());
                } catch (InvalidPathException e) {
                    entries.add(entry); // not a path here; the child JVM says what it makes of it
                }
            }
        }
        return entries;
    }

    private static void addLoaders(Set<String> entries, ClassLoader loader) {
        if (loader == null) {
            return;
        }
        addLoaders(entries, loader.getParent());
        if (loader instanceof URLClassLoader) {
            for (URL url : ((URLClassLoader) loader).getURLs()) {
                addUrl(entries, url);
            }
        }
    }

    private static void addCodeSource(Set<String> entries, Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            addUrl(entries, source.getLocation());
        }
    }

    private static void addUrl(Set<String> entries, URL url) {
        if (!"file".equals(url.getProtocol())) {
            return;
        }
        try {
            entries.add(Paths.get(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            entries.add(new File(URI.create(url.toString().replace(" ", "%20"))).getPath());
        }
    }
}
