package org.ranksweep.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ranksweep.core.error.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a persistent data directory startable again after its previous owner died. zonky holds a file lock
 * ({@code epg-lock}) while it serves a directory: a held lock means a live owner, and the directory is refused. A
 * free lock but a live postmaster named in {@code postmaster.pid} means the JVM that started it was killed; that
 * orphan is shut down so PostgreSQL can start on the directory again. A pid file naming a dead process is left
 * to PostgreSQL, which recognises it as stale itself. Stateless.
 */
final class DataDirectoryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryGuard.class);
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    private static final long SMART_SHUTDOWN_SECONDS = 30;
    private static final long KILL_WAIT_SECONDS = 10;

    private DataDirectoryGuard() {}

    static void prepare(Path dataDirectory) {
        refuseIfOwned(dataDirectory);
        Path pidFile = dataDirectory.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> process =
                postmasterPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            LOG.info(
                    "Found postmaster.pid of a process that no longer runs in {}; PostgreSQL will replace it",
                    dataDirectory);
        } else if (isPostmasterOf(process.get(), dataDirectory)) {
            stopOrphan(process.get(), dataDirectory);
        } else {
            // The pid was reused by an unrelated program; PostgreSQL would take it for a live postmaster.
            LOG.warn(
                    "Removing stale postmaster.pid in {}: pid {} now belongs to another program",
                    dataDirectory,
                    process.get().pid());
            deleteQuietly(pidFile);
        }
    }

    private static void refuseIfOwned(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new ConflictException("PostgreSQL data directory " + dataDirectory
                        + " is in use by another running server; stop it or choose another directory");
            }
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock file " + lockFile, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvmHoldsIt) {
            return null;
        }
    }

    private static Optional<Long> postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Unreadable {}: {}", pidFile, e.toString());
            return Optional.empty();
        }
    }

    private static boolean isPostmasterOf(ProcessHandle process, Path dataDirectory) {
        String commandLine = commandLine(process);
        return commandLine.contains("postgres") && commandLine.contains(dataDirectory.toString());
    }

    private static String commandLine(ProcessHandle process) {
        // /proc shows the arguments of processes in other user namespaces, where ProcessHandle.Info may not.
        Path procCommandLine = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(procCommandLine), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    private static void stopOrphan(ProcessHandle postmaster, Path dataDirectory) {
        LOG.warn(
                "Stopping orphaned PostgreSQL pid={} left running on {} by a process that ended without "
                        + "stopping it",
                postmaster.pid(),
                dataDirectory);
        // SIGTERM is PostgreSQL's smart shutdown: its clients died with the old JVM, so it ends promptly.
        postmaster.destroy();
        if (awaitExit(postmaster, SMART_SHUTDOWN_SECONDS)) {
            return;
        }
        LOG.warn(
                "PostgreSQL pid={} ignored shutdown for {} s; killing it (crash recovery follows)",
                postmaster.pid(),
                SMART_SHUTDOWN_SECONDS);
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, KILL_WAIT_SECONDS)) {
            throw new ConflictException(
                    "cannot stop orphaned PostgreSQL pid=" + postmaster.pid() + " on " + dataDirectory);
        }
    }

    private static boolean awaitExit(ProcessHandle process, long seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file, e.toString());
        }
    }
}
