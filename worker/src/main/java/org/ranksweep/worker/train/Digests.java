package org.ranksweep.worker.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * SHA-256 of text and files, as lower-case hex, and what happens to a file that no longer matches the digest recorded
 * when it was written: it is set aside (renamed, never deleted) so that it can be examined and is never read again.
 * Thread-safe (stateless).
 */
public final class Digests {

    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Digests() {}

    /** Whether {@code file} exists and its SHA-256 is {@code expected} (a null or blank expectation never matches). */
    public static boolean matches(Path file, String expected) throws IOException {
        return expected != null
                && !expected.isBlank()
                && Files.isRegularFile(file)
                && sha256(file).equals(expected);
    }

    /**
     * Moves {@code path} (a file or a directory, on the same file system) to {@code <as>.corrupt-<UTC time>} and
     * returns the new path.
     */
    public static Path setAside(Path path, Path as) throws IOException {
        Path aside = as.resolveSibling(as.getFileName() + ".corrupt-" + ASIDE_STAMP.format(Instant.now()));
        return Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        return hex(digest().digest(bytes));
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return hex(digest.digest());
    }

    /** A finished digest as lower-case hex. */
    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** A new SHA-256 digest. */
    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
