package org.ranksweep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.stream.Stream;
import org.ranksweep.cli.dispatch.RanksweepProcess;

/**
 * A {@code ranksweep} command run as a child JVM on the test's class path ({@code java -cp <test class path>
 * org.ranksweep.cli.Main ...}) for tests that kill processes for real. Its terminal output goes to
 * {@code <logDirectory>/<name>.log}, its RankSweep log ({@code RANKSWEEP_LOG_FILE}) to
 * {@code <logDirectory>/<name>.ranksweep.log}; {@link #output()} reads both. Not thread-safe.
 */
final class ChildProcess implements AutoCloseable {

    /** A small heap and the serial collector (four JVMs share two cores), then the launcher's own flags. */
    private static final List<String> JVM_FLAGS = Stream.concat(
                    Stream.of("-Xmx768m", "-XX:+UseSerialGC"), RanksweepProcess.LAUNCHER_FLAGS.stream())
            .toList();

    private final String name;
    private final Process process;
    private final Path terminal;
    private final Path log;

    private ChildProcess(String name, Process process, Path terminal, Path log) {
        this.name = name;
        this.process = process;
        this.terminal = terminal;
        this.log = log;
    }

    /** Starts {@code ranksweep <arguments>} with {@code environment} added to the test's own. */
    static ChildProcess start(String name, Path logDirectory, List<String> arguments, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(arguments);
        Path terminal = logDirectory.resolve(name + ".log");
        Path log = logDirectory.resolve(name + ".ranksweep.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(terminal.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("RANKSWEEP_LOG_FILE", log.toString());
        try {
            Files.createDirectories(logDirectory);
            return new ChildProcess(name, builder.start(), terminal, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits for a line of output matching {@code pattern} and returns the match; fails when the process dies. */
    Matcher awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before printing " + pattern + ":\n" + tail());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not print " + pattern + " within " + timeout + ":\n" + tail());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM: a worker drains and exits 0, other commands run their shutdown hooks. Returns the exit code, or -1 if it
     * did not exit within {@code timeout}.
     */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** What the process printed, then what it logged. */
    String output() {
        return read(terminal) + read(log);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of output, for failure messages. */
    String tail() {
        // Logback's own start-up report ("... |-INFO in ch.qos.logback...") says nothing about RankSweep.
        String[] lines = output().lines()
                .filter(line -> !line.contains("|-INFO in ") && !line.contains("|-WARN in "))
                .toArray(String[]::new);
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    /** A TCP port nobody listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
