package org.ranksweep.cli.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of processes read from {@code /proc/<pid>/stat} (Linux), to tell which process a
 * benchmark's time went to. Ticks are converted with the usual 100 Hz clock. Stateless.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {}

    /** CPU seconds the process has used so far; 0 when it is gone or this is not Linux. */
    static double seconds(long pid) {
        return ticks(pid, false) / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of a process, its live children and the children it has reaped (a postmaster, its backends and
     * the backends that have exited).
     */
    static double secondsWithChildren(long pid) {
        long total = ticks(pid, true);
        for (long child : children(pid)) {
            total += ticks(child, false);
        }
        return total / TICKS_PER_SECOND;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain,
            // starting with field 3: utime is field 14, stime 15, cutime 16, cstime 17.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        children.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while the list was read.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return children;
    }

    /** The postmaster's pid from a PostgreSQL data directory; -1 when it cannot be read. */
    static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
