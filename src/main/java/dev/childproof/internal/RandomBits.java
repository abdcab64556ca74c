package dev.childproof.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Random bytes that no one can guess, for the run's cookie and its private directory's name: read from the
 * kernel's random source where it is a file ({@code /dev/urandom}: Linux, macOS, the BSDs), else from
 * {@link SecureRandom}. On Linux a {@code SecureRandom} reads the same source, but its first use in a JVM loads the
 * JDK's security providers: 18 to 22 ms in a bare JVM, where the read takes a tenth of a millisecond; a test JVM's
 * first test took some 14 ms less without it (BENCHMARKS.md, twenty-fifth session).
 */
public final class RandomBits {

    private static final String KERNEL_SOURCE = "/dev/urandom";

    private RandomBits() {
    }

    /** {@code count} random bytes. */
    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        if (!readKernelSource(bytes)) {
            Fallback.RANDOM.nextBytes(bytes);
        }
        return bytes;
    }

    /** A random {@code long}, any of the 2<sup>64</sup>. */
    public static long nextLong() {
        long value = 0;
        for (byte b : bytes(Long.BYTES)) {
            value = value << 8 | (b & 0xFF);
        }
        return value;
    }

    private static boolean readKernelSource(byte[] bytes) {
        try (FileInputStream in = new FileInputStream(KERNEL_SOURCE)) {
            return in.readNBytes(bytes, 0, bytes.length) == bytes.length;
        } catch (IOException | SecurityException e) {
            return false; // no such file (Windows), or not readable: the JDK's source
        }
    }

    /** Made at first use only: where the kernel's source is a file, never. */
    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
