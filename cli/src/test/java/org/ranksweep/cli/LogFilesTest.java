package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;

/**
 * Real {@code ranksweep worker} processes, each with its own {@code --home}, joined to a Hazelcast member in the
 * test JVM: each logs to {@code <home>/logs/worker-<pid>.log} and nothing of it lands in the other's home, or
 * to standard output with {@code RANKSWEEP_LOG=stdout}.
 */
class LogFilesTest {

    private static final Duration STARTUP = Duration.ofMinutes(1);

    @TempDir
    Path directory;

    private HazelcastInstance member;
    private String clusterName;
    private int memberPort;
    private final List<ChildProcess> processes = new ArrayList<>();

    @BeforeEach
    void startMember() {
        clusterName = "logs-" + UUID.randomUUID();
        memberPort = ChildProcess.freePort();
        member = HazelcastMembers.start(ClusterSettings.loopback(clusterName, memberPort));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ChildProcess process : processes) {
            process.close();
        }
        member.shutdown();
    }

    @Test
    void eachProcessLogsUnderItsOwnHome() throws Exception {
        Path homeA = directory.resolve("home-a");
        Path homeB = directory.resolve("home-b");
        ChildProcess a = startWorker("worker-a", homeA, Map.of());
        ChildProcess b = startWorker("worker-b", homeB, Map.of());

        Path logA = LogFiles.file(homeA, "worker", a.pid());
        Path logB = LogFiles.file(homeB, "worker", b.pid());
        awaitLine(logA, a, "worker ready workerId=\\S+-" + a.pid() + "-0");
        awaitLine(logB, b, "worker ready workerId=\\S+-" + b.pid() + "-0");

        assertThat(filesIn(homeA.resolve("logs"))).containsExactly(logA);
        assertThat(filesIn(homeB.resolve("logs"))).containsExactly(logB);
        assertThat(Files.readString(logA)).doesNotContain("-" + b.pid() + "-0");
        assertThat(Files.readString(logB)).doesNotContain("-" + a.pid() + "-0");
    }

    @Test
    void logsToStandardOutputWhenAsked() throws Exception {
        Path home = directory.resolve("home");
        ChildProcess worker = startWorker("worker-stdout", home, Map.of("RANKSWEEP_LOG", "stdout"));

        // The terminal file alone: ChildProcess.output() would also read the test configuration's own log file.
        Path terminal = directory.resolve("terminal").resolve("worker-stdout.log");
        awaitLine(terminal, worker, "INFO .* worker ready workerId=\\S+-" + worker.pid() + "-0");

        assertThat(home.resolve("logs")).doesNotExist();
    }

    private ChildProcess startWorker(String name, Path home, Map<String, String> environment) {
        ChildProcess worker = ChildProcess.start(
                name,
                directory.resolve("terminal"),
                List.of(
                        "worker",
                        "--cluster-name",
                        clusterName,
                        "--cluster-port",
                        String.valueOf(ChildProcess.freePort()),
                        "--members",
                        "127.0.0.1:" + memberPort,
                        "--threads",
                        "1",
                        "--home",
                        home.toString()),
                environment);
        processes.add(worker);
        return worker;
    }

    private static void awaitLine(Path log, ChildProcess process, String regex) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!(Files.exists(log) && pattern.matcher(Files.readString(log)).find())) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(log + " never showed " + regex + "; " + process + ":\n" + process.tail());
            }
            Thread.sleep(200);
        }
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
