package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.worker.data.FashionMnistFiles;

/**
 * {@code ranksweep local} on a spec that cannot run: the preflight stops it once, before a sweep is stored, with a
 * message that says what is missing and how to fix it, instead of one FAILED trial per point of the sweep.
 */
class LocalPreflightTest {

    private static final String FASHION_MNIST_SPEC = """
            name: no-data
            dataset: {name: fashion-mnist, heldOut: 200, trainLimit: 800, testLimit: 300}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 2.0e-3, batch: 64}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5, 0.25]}
            finetune: {epochs: 1}
            """;

    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaults() {
        System.clearProperty(FashionMnistFiles.DIRECTORIES_PROPERTY);
        System.clearProperty(FashionMnistFiles.SOURCE_PROPERTY);
    }

    @Test
    void aMissingDatasetFailsTheRunOnceWithBothFixes() throws Exception {
        // Not installed (an empty directory instead of Debian's) and not downloadable (nobody listens there).
        Path empty = Files.createDirectories(dir.resolve("no-datasets"));
        System.setProperty(FashionMnistFiles.DIRECTORIES_PROPERTY, empty.toString());
        System.setProperty(FashionMnistFiles.SOURCE_PROPERTY, "http://127.0.0.1:" + closedPort() + "/");
        DatabaseConfig db = migratedDatabase("preflight-dataset");

        ValidateCommandTest.Captured run = runLocal(FASHION_MNIST_SPEC, db);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("fashion-mnist: the dataset is not on this machine")
                .contains("ConnectException")
                .contains("sudo apt install dataset-fashion-mnist")
                .contains("/usr/share/datasets/fashion-mnist")
                .contains("dataset.path")
                .doesNotContain("null");
        assertThat(run.out()).doesNotContain("FAILED");
        assertThat(count(db, "select count(*) from sweeps")).isZero();
        assertThat(count(db, "select count(*) from trials")).isZero();
    }

    @Test
    void aMissingBaseModelFileFailsTheRunOnceNamingTheField() throws Exception {
        DatabaseConfig db = migratedDatabase("preflight-model");
        String spec = """
                name: no-model
                dataset: {name: synthetic, heldOut: 16}
                model: {arch: vit-tiny-fmnist, base: {file: %s}}
                methods:
                  - {name: comcat, budget: [0.5, 0.25]}
                finetune: {epochs: 1}
                """.formatted(dir.resolve("missing-base-0000.params"));

        ValidateCommandTest.Captured run = runLocal(spec, db);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("model.base.file: " + dir.resolve("missing-base-0000.params") + " does not exist")
                // A temporary directory is under no data root: only specs submitted over HTTP are held to them.
                .doesNotContain("data root");
        assertThat(count(db, "select count(*) from sweeps")).isZero();
    }

    private ValidateCommandTest.Captured runLocal(String specText, DatabaseConfig db) throws Exception {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, specText);
        return ValidateCommandTest.run(
                "local",
                spec.toString(),
                "--no-serve",
                "--home",
                dir.resolve("home").toString(),
                "--baselines",
                dir.resolve("no-baselines").toString(),
                "--db-url",
                db.url(),
                "--db-user",
                db.user(),
                "--db-password",
                db.password() == null ? "" : db.password());
    }

    /** A database with the schema in place, so an empty {@code sweeps} table means no sweep was stored. */
    private static DatabaseConfig migratedDatabase(String purpose) {
        DatabaseConfig config = TestDatabases.createDatabase(purpose);
        Database.open(config).close();
        return config;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long count(DatabaseConfig db, String sql) throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
