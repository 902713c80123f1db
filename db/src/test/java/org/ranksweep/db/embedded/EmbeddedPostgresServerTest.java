package org.ranksweep.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;
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
    void connectionsNeedTheGeneratedPasswordKeptInAnOwnerOnlyFileReusedOnRestart() throws Exception {
        Path data = temporary.resolve("secured");
        String password;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            DatabaseConfig config = server.config();
            password = config.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.getPosixFilePermissions(server.passwordFile()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(server.passwordFile()).trim()).isEqualTo(password);
            assertRefusedWithout(config);
            assertThat(canQuery(config.url(), password)).isTrue();
        }

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(server.config().password()).isEqualTo(password);
            assertRefusedWithout(server.config());
            assertThat(canQuery(server.config().url(), password)).isTrue();
        }
    }

    @Test
    void aClusterThatStillTrustsGetsAPasswordOnItsFirstStart() throws Exception {
        Path data = temporary.resolve("legacy").toAbsolutePath();
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(server.persistent()).isTrue();
        }
        // What a data directory made before RankSweep set passwords looks like: initdb's trust, no password file.
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
        Files.delete(data.resolve(ServerPassword.FILE_NAME));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertRefusedWithout(server.config());
            assertThat(canQuery(server.config().url(), server.config().password()))
                    .isTrue();
            assertThat(server.passwordFile()).exists();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startEphemeral();
                Connection connection = DriverManager.getConnection(
                        server.config().url(),
                        EmbeddedPostgresServer.SUPERUSER,
                        server.config().password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW listen_addresses")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("localhost");
        }
    }

    private static void assertRefusedWithout(DatabaseConfig config) {
        assertThatThrownBy(() -> canQuery(config.url(), ""))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
        assertThatThrownBy(() -> canQuery(config.url(), "not-the-password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static boolean canQuery(String url, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, password);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT 1")) {
            return row.next();
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
