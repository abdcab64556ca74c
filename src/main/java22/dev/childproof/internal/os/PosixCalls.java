package dev.childproof.internal.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The Java 22+ version (multi-release jar): {@code prctl} and {@code waitpid} from the C library through the FFM
 * API, no native library of our own. Linux only; elsewhere it says why it is not available.
 */
public final class PosixCalls {

    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final PosixCalls INSTANCE = new PosixCalls();

    private final MethodHandle prctl;
    private final MethodHandle waitpid;
    private final MethodHandle kill;
    private final String unavailable;

    // restricted: calling C needs native access, granted by --enable-native-access=ALL-UNNAMED (a warning without it)
    @SuppressWarnings("restricted")
    private PosixCalls() {
        MethodHandle p = null;
        MethodHandle w = null;
        MethodHandle k = null;
        String reason = "";
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            reason = "child subreapers exist on Linux only";
        } else {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                p = linker.downcallHandle(libc.find("prctl").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                        Linker.Option.firstVariadicArg(1));
                w = linker.downcallHandle(libc.find("waitpid").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_INT));
                k = linker.downcallHandle(libc.find("kill").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (RuntimeException | Error e) {
                // IllegalCallerException when native access is denied (--illegal-native-access=deny)
                p = null;
                w = null;
                k = null;
                reason = "the FFM API refused the C library calls (" + e + ")";
            }
        }
        this.prctl = p;
        this.waitpid = w;
        this.kill = k;
        this.unavailable = reason;
    }

    /** The calls of this runtime. */
    public static PosixCalls instance() {
        return INSTANCE;
    }

    /** Whether the calls below do anything on this runtime (Java 22+ on Linux). */
    public boolean isAvailable() {
        return prctl != null;
    }

    /** Why the calls are not available, for skip messages and diagnostics; empty when they are. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * Makes this process a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER, 1)}): orphans of its descendants
     * are re-parented to it instead of to init.
     *
     * @return whether it is one now
     */
    public boolean becomeChildSubreaper() {
        if (prctl == null) {
            return false;
        }
        try {
            return (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Sends a signal by number ({@code kill(2)}), without any identity check; callers check first.
     *
     * @return whether it was delivered; always false where the calls are not available
     */
    public boolean signal(long pid, int signal) {
        if (kill == null || pid <= 0 || pid > Integer.MAX_VALUE) {
            return false;
        }
        try {
            return (int) kill.invokeExact((int) pid, signal) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Reaps one child by its pid without blocking ({@code waitpid(pid, &status, WNOHANG)}); never {@code -1},
     * which would steal the exit statuses the JDK's {@code Process} objects wait for.
     *
     * @return the raw wait status when the child had ended and is reaped now; empty otherwise
     */
    public OptionalInt reap(long pid) {
        if (waitpid == null || pid <= 0 || pid > Integer.MAX_VALUE) {
            return OptionalInt.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            int reaped = (int) waitpid.invokeExact((int) pid, status, WNOHANG);
            return reaped == pid ? OptionalInt.of(status.get(ValueLayout.JAVA_INT, 0)) : OptionalInt.empty();
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }
}
