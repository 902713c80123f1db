package org.ranksweep.cli.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ranksweep} command run as its own JVM, as an operator starts it: the JVM flags of the {@code ranksweep}
 * launcher, this JVM's classpath, {@code org.ranksweep.cli.Main}. Its output (stdout and stderr) goes to
 * {@code <name>.out} in the given directory, its log to {@code <home>/logs/} as an operator's would. Not thread-safe.
 */
public final class RanksweepProcess implements AutoCloseable {

    /** The flags of the {@code ranksweep} launcher script that Hazelcast needs. */
    public static final List<String> LAUNCHER_FLAGS = List.of(
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private static final String MAIN = "org.ranksweep.cli.Main";

    private final String name;
    private final Process process;
    private final Path output;

    private RanksweepProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code ranksweep <arguments>}.
     *
     * @param jvmOptions e.g. {@code -Xmx512m}
     * @param environment extra variables; inherited {@code RANKSWEEP_*} variables are dropped so they cannot change
     *                    option defaults behind the caller's back
     */
    public static RanksweepProcess start(
            String name,
            Path directory,
            List<String> jvmOptions,
            Map<String, String> environment,
            List<String> arguments) {
        return start(name, directory, jvmOptions, environment, MAIN, arguments);
    }

    /** As {@link #start(String, Path, List, Map, List)} with another main class of the test classpath. */
    public static RanksweepProcess start(
            String name,
            Path directory,
            List<String> jvmOptions,
            Map<String, String> environment,
            String mainClass,
            List<String> arguments) {
        Path output = directory.resolve(name + ".out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(LAUNCHER_FLAGS);
        // Test resources of other modules carry a logback-test.xml; log as the shipped command does.
        URL logback = RanksweepProcess.class.getClassLoader().getResource("logback.xml");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("RANKSWEEP_"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(directory);
            return new RanksweepProcess(name, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** The test classpath: Surefire's when run as a test, else the JVM's. */
    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Waits until a line of the output matches; fails with the output's tail when the process exits first or the
     * time is up.
     */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing /"
                        + pattern + "/:\n" + tail());
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " did not print /" + pattern + "/ within " + timeout + ":\n" + tail());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and returns at once. */
    public void terminate() {
        process.destroy();
    }

    /** Its exit code once it has exited, or -1 when it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; returns the exit code. */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last lines of its output, for failure messages. */
    public String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private List<String> lines() {
        try {
            return Files.exists(output)
                    ? new String(Files.readAllBytes(output), StandardCharsets.UTF_8)
                            .lines()
                            .toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + name, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
