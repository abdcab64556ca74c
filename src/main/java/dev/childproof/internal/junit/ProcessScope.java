package dev.childproof.internal.junit;

import dev.childproof.internal.launch.ProcessDeclaration;
import dev.childproof.internal.os.OperatingSystem;
import dev.childproof.internal.process.ManagedProcess;
import dev.childproof.internal.reap.Adoption;
import dev.childproof.internal.reap.EscapeSweep;
import dev.childproof.internal.reap.PidWindow;
import dev.childproof.internal.reap.ProcessTree;
import dev.childproof.internal.stop.ParentStopEvent;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The processes of one scope (a test class for static fields, a test for instance fields and parameters), kept in
 * that scope's store so JUnit closes it when the scope ends. Closing ends every process (stop requests go out to
 * all at once, so their stop timeouts overlap), sweeps for escaped descendants by cookie, then reports every
 * missed {@code @StopsWithin} as one failure, the others suppressed.
 *
 * <p>It is also a {@code Store.CloseableResource}, deprecated since JUnit 5.13: JUnit closes those even when
 * {@code junit.jupiter.extensions.store.close.autocloseable.enabled=false} turns off the closing of
 * {@link AutoCloseable} values, and closes a value that is both once.
 */
@SuppressWarnings({"deprecation", "removal"})
public final class ProcessScope implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** The longest file-name component of a log's path, in bytes: room is left for {@code -<n>.log} under 255. */
    static final int MAX_FILE_NAME_BYTES = 200;
    /** How many bytes of a long component's hash its shortened name shows, as hex digits. */
    private static final int HASH_BYTES = 5;

    /**
     * How long a scope's end waits, at most, for the output of its ended processes still in the pipes (all of them
     * together): what holds a pipe open then is a descendant nothing could end.
     */
    static final Duration DRAIN_AT_END = Duration.ofSeconds(1);

    private final OperatingSystem os;
    private final Path logDirectory;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final Map<String, ManagedProcess> byKey = new LinkedHashMap<>();
    private final Map<String, ParentStopEvent> sharedEvents = new LinkedHashMap<>();
    private final List<ParentStopEvent> ownEvents = new ArrayList<>();
    private boolean closed;

    ProcessScope(OperatingSystem os, Path logDirectory) {
        this.os = os;
        this.logDirectory = logDirectory;
    }

    /** Creates a handle (state NEW) for a declaration, under a key unique in this scope. */
    public ManagedProcess create(String key, ProcessDeclaration declaration) {
        return create(key, declaration, () -> "The scope of process [" + declaration.name() + "] has ended.");
    }

    /**
     * As {@link #create(String, ProcessDeclaration)}, with the message of the {@link IllegalStateException} thrown
     * when this scope has ended.
     */
    public synchronized ManagedProcess create(String key, ProcessDeclaration declaration, Supplier<String> ended) {
        if (closed) {
            throw new IllegalStateException(ended.get());
        }
        ManagedProcess process = new ManagedProcess(declaration, stopEvent(declaration), logFile(declaration.name()),
                os);
        processes.add(process);
        byKey.put(key, process);
        return process;
    }

    /**
     * The handle created under a key, created now if there is none: for the tests of one scope that run at the
     * same time and each find its processes missing (a scope JUnit did not announce with {@code beforeAll}).
     */
    public synchronized ManagedProcess getOrCreate(String key, Supplier<ProcessDeclaration> declaration) {
        ManagedProcess existing = byKey.get(key);
        return existing != null ? existing : create(key, declaration.get());
    }

    /** The handle created under a key. */
    public synchronized Optional<ManagedProcess> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The processes of this scope, in creation order. */
    public synchronized List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    /** The shared stop event of this scope with the given name, created on first use. */
    public synchronized ParentStopEvent sharedEvent(String name) {
        return sharedEvents.computeIfAbsent(name, ParentStopEvent::new);
    }

    /** The shared stop event of this scope with the given name, if some process or parameter asked for it. */
    public synchronized Optional<dev.childproof.StopEvent> existingSharedEvent(String name) {
        return Optional.ofNullable(sharedEvents.get(name));
    }

    private ParentStopEvent stopEvent(ProcessDeclaration declaration) {
        if (!declaration.stopEventName().isEmpty()) {
            return sharedEvent(declaration.stopEventName());
        }
        ParentStopEvent own = new ParentStopEvent(declaration.name());
        ownEvents.add(own);
        return own;
    }

    private Path logFile(String name) {
        String safe = fittedFileName(safeFileName(name));
        Path file = logDirectory.resolve(safe + ".log");
        if (processes.isEmpty()) {
            return file; // the usual case: one process per scope
        }
        Set<Path> taken = new HashSet<>();
        for (ManagedProcess existing : processes) {
            taken.add(existing.output().logFile());
        }
        for (int i = 2; taken.contains(file); i++) {
            file = logDirectory.resolve(safe + "-" + i + ".log");
        }
        return file;
    }

    /** The name with every character but {@code A-Z a-z 0-9 . _ -} replaced by {@code _} (no regex per process). */
    static String safeFileName(String name) {
        char[] chars = name.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                chars[i] = '_';
            }
        }
        return new String(chars);
    }

    /**
     * A file-name component no longer than {@link #MAX_FILE_NAME_BYTES} bytes of UTF-8, so that it and a
     * {@code -<n>} or {@code .log} after it stay under the 255 bytes most file systems allow: the component itself
     * when it fits, else its longest beginning that leaves room (never half a character) followed by {@code -} and
     * ten hex digits of the SHA-256 of the whole, so that long names that begin alike stay apart.
     */
    static String fittedFileName(String component) {
        if (component.length() <= MAX_FILE_NAME_BYTES / 3 || utf8Length(component) <= MAX_FILE_NAME_BYTES) {
            return component; // a component of at most 66 characters takes at most 198 bytes
        }
        int room = MAX_FILE_NAME_BYTES - 1 - 2 * HASH_BYTES;
        // the longest beginning within room: the whole takes more, so this stops inside it
        int end = 0;
        int bytes = utf8Bytes(component.codePointAt(0));
        while (bytes <= room) {
            end += Character.charCount(component.codePointAt(end));
            bytes += utf8Bytes(component.codePointAt(end));
        }
        StringBuilder fitted = new StringBuilder(component.substring(0, end)).append('-');
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(component.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < HASH_BYTES; i++) {
                fitted.append(Character.forDigit((hash[i] >> 4) & 0xF, 16))
                        .append(Character.forDigit(hash[i] & 0xF, 16));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256, which every Java platform has, is missing.", e);
        }
        return fitted.toString();
    }

    /** The bytes of UTF-8 a text takes. */
    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            bytes += utf8Bytes(text.codePointAt(i));
        }
        return bytes;
    }

    /** The bytes of UTF-8 a character takes (a lone surrogate: the one {@code ?} the encoder writes for it). */
    private static int utf8Bytes(int codePoint) {
        if (codePoint < 0x80 || (codePoint < 0x10000 && Character.isSurrogate((char) codePoint))) {
            return 1;
        }
        return codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /**
     * Launches every auto-start process not yet started, and waits for those another thread is starting: each
     * caller returns once every one is ready.
     */
    public void startAll() {
        for (ManagedProcess process : processes()) {
            if (process.declaration().autoStart()) {
                process.ensureStarted();
            }
        }
    }

    /**
     * Ends the scope's processes. JUnit closes a scope before it clears an interrupt the test left on its thread,
     * and every wait of the stop ladder would end at once on it: the flag is cleared for the cleanup and set again
     * afterwards.
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            endAll();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void endAll() {
        List<ManagedProcess> toEnd;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toEnd = new ArrayList<>(processes);
        }
        Collections.reverse(toEnd);
        List<Throwable> failures = new ArrayList<>();
        List<ManagedProcess> toStop = new ArrayList<>();
        for (ManagedProcess process : toEnd) {
            if (process.isAlive() && !process.declaration().daemon()) {
                toStop.add(process);
            }
        }
        for (ManagedProcess process : toStop) {
            run(failures, process::requestStop);
        }
        endEach(toEnd, failures);
        run(failures, () -> sweep(toEnd));
        // after the sweep, which ended what left the trees and may hold their pipes open
        long drained = System.nanoTime() + DRAIN_AT_END.toNanos();
        for (ManagedProcess process : toEnd) {
            run(failures, () -> process.release(drained));
        }
        for (ManagedProcess process : processes) {
            StopsWithinCheck.check(process).ifPresent(failures::add);
        }
        sharedEvents.values().forEach(ParentStopEvent::close);
        ownEvents.forEach(ParentStopEvent::close);
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof RuntimeException) {
                throw (RuntimeException) first;
            }
            if (first instanceof Error) {
                throw (Error) first;
            }
            throw new IllegalStateException(first);
        }
    }

    /**
     * Ends the processes at the same time, each climbing its own ladder, so that every one is forced when its own
     * timeouts pass: in turn, a scope of N processes that ignore SIGTERM took N kill timeouts. The first is ended
     * on this thread; each other on a thread of its own, {@code childproof-end-<name>}, which ends with its
     * process's ladder and is waited for here. A process whose thread cannot be started (the test JVM is at a
     * process or thread limit) is ended on this thread too, after the first.
     */
    private static void endEach(List<ManagedProcess> processes, List<Throwable> failures) {
        List<Thread> enders = new ArrayList<>();
        List<Throwable> theirFailures = Collections.synchronizedList(new ArrayList<>());
        List<ManagedProcess> inTurn = new ArrayList<>(processes.subList(0, Math.min(1, processes.size())));
        for (ManagedProcess process : processes.subList(Math.min(1, processes.size()), processes.size())) {
            Thread ender = new Thread(() -> run(theirFailures, process::end), "childproof-end-" + process.name());
            ender.setDaemon(true);
            try {
                ender.start();
                enders.add(ender);
            } catch (OutOfMemoryError e) {
                inTurn.add(process); // no thread to be had ("unable to create native thread"): ended here, in turn
            }
        }
        for (ManagedProcess process : inTurn) {
            run(failures, process::end);
        }
        boolean interrupted = false;
        for (Thread ender : enders) {
            while (true) {
                try {
                    ender.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the cleanup finishes regardless; the flag is set again below
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        failures.addAll(theirFailures);
    }

    private void sweep(List<ManagedProcess> ended) {
        Set<String> cookies = new HashSet<>();
        List<ProcessTree> trees = new ArrayList<>();
        // every process of this scope, and every descendant, was created after its first launch's reading
        PidWindow window = null;
        // the trees serve only a subreaper's reaping (Java 22+): elsewhere no snapshot (a stat of a gone root, two
        // sets) per process
        boolean subreaper = Adoption.instance().isSubreaper();
        for (ManagedProcess process : ended) {
            Optional<PidWindow> launched = process.pidWindow();
            if (launched.isPresent()) {
                window = window == null ? launched.get() : window.earlier(launched.get());
                cookies.add(process.cookie());
                if (subreaper) {
                    trees.add(process.tree());
                }
            }
        }
        if (cookies.isEmpty()) {
            return;
        }
        EscapeSweep.of(os).afterScope(cookies, trees, window.createdAfter());
    }

    private static void run(List<Throwable> failures, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }
}
