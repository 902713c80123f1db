package org.ranksweep.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every benchmark results file states about its run (date, processors, load average, CPU, mapped native
 * libraries) and how a run is added to a results file: a header once, then one {@code ## Run N} section per
 * invocation, so repeated runs on a noisy machine are all kept. Thread-safe (stateless).
 */
public final class BenchEnvironment {

    private static final OperatingSystemMXBean OPERATING_SYSTEM =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final String RUN_HEADING = "## Run ";

    private BenchEnvironment() {}

    static String now() {
        return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The 1, 5 and 15 minute load averages as {@code /proc/loadavg} shows them. */
    static String loadAverages() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return format(OPERATING_SYSTEM.getSystemLoadAverage(), 2) + " (1 min)";
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux: the CPU is then simply not named.
        }
        return "unknown";
    }

    /** Native libraries this process has mapped whose path contains one of {@code words}, each once. */
    static List<String> mappedLibraries(String... words) {
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 6 || found.contains(fields[5])) {
                    continue;
                }
                for (String word : words) {
                    if (fields[5].contains(word)) {
                        found.add(fields[5]);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            found.add("(cannot read /proc/self/maps: " + e.getMessage() + ")");
        }
        return found;
    }

    /** The directory holding {@code mvnw}, searched upwards from the working directory. */
    public static Path projectRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return directory;
    }

    /** {@code benchmarks/<name>} under the project root. */
    public static Path resultsFile(String name) {
        return projectRoot().resolve("benchmarks").resolve(name);
    }

    /** The number the next run section of {@code file} gets: 1 for a new file. */
    static int nextRunNumber(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 1;
        }
        return (int) Files.readAllLines(file).stream()
                        .filter(line -> line.startsWith(RUN_HEADING))
                        .count()
                + 1;
    }

    /** Writes {@code header} when the file is new, then appends {@code ## Run N — title} and the section body. */
    static void appendRun(Path file, String header, int runNumber, String title, String body) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, header, StandardCharsets.UTF_8);
        }
        String section = "\n" + RUN_HEADING + runNumber + " — " + title + "\n\n" + body;
        Files.writeString(file, section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
