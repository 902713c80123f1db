package org.ranksweep.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.SampleTrials;

class EmbeddedPostgresServerTest {

    @TempDir
    Path temporary;

    @Test
    void restartOnTheSameDirectoryKeepsTheData() {
        Path data = temporary.resolve("postgres");
        StoredSweep stored;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
                Database database = Database.open(server.config())) {
            stored = new JdbcSweepRepository(database)
                    .create(SampleTrials.sweep("survives", List.of(), 1))
                    .sweep();
        }

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
                Database database = Database.open(server.config())) {
            assertThat(server.persistent()).isTrue();
            assertThat(server.dataDirectory()).isEqualTo(data.toAbsolutePath());
            assertThat(new JdbcSweepRepository(database).find(stored.id())).contains(stored);
        }
    }

    @Test
    void secondServerOnADirectoryInUseIsRefused() {
        Path data = temporary.resolve("busy");
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(data)) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining(data.toAbsolutePath().toString());
            try (Database database = Database.open(running.config())) {
                assertThat(new JdbcSweepRepository(database).list(1, 0)).isEmpty();
            }
        }
    }

    @Test
    void ephemeralServerDeletesItsDirectoryOnClose() {
        Path directory;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startEphemeral()) {
            directory = server.dataDirectory();
            assertThat(server.persistent()).isFalse();
            assertThat(directory.resolve("PG_VERSION")).exists();
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void startAfterACrashedJvmStopsTheOrphanedServerAndKeepsTheData() throws Exception {
        Path data = temporary.resolve("crashed").toAbsolutePath();
        Process child = startServerProcess(data, "before-crash");
        Optional<ProcessHandle> orphan = Optional.empty();
        try {
            awaitReady(child);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            orphan = ProcessHandle.of(postmasterPid(data)).filter(ProcessHandle::isAlive);
            assertThat(orphan).as("postmaster outlives the killed JVM").isPresent();

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
                    Database database = Database.open(server.config())) {
                assertThat(orphan.get().isAlive()).isFalse();
                assertThat(new JdbcSweepRepository(database).list(10, 0))
                        .extracting(StoredSweep::name)
                        .containsExactly("before-crash");
            }
        } finally {
            child.destroyForcibly();
            orphan.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroy);
        }
    }

    private static Process startServerProcess(Path data, String sweepName) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServerProcessMain.class.getName(),
                        data.toString(),
                        sweepName)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitReady(Process child) throws IOException {
        BufferedReader output =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals("READY")) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("server process ended before READY:\n" + seen);
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }
}
