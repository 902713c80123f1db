package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.json.Json;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;

/**
 * {@code ranksweep local} end to end on real Fashion-MNIST images (a small subset), real DJL training, a real
 * PostgreSQL and a single-member Hazelcast cluster; then the stored rows and the JSON leaderboard are checked.
 */
class LocalCommandEndToEndTest {

    private static final String SPEC = """
            name: e2e
            dataset: {name: fashion-mnist, heldOut: 200, trainLimit: 800, testLimit: 300}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 2.0e-3, batch: 64}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5]}
              - {name: svd-matrix, budget: [0.5]}
              - {name: head-prune, budget: [0.5]}
            finetune: {epochs: 2, lr: 5.0e-4, batch: 64}
            """;

    @Test
    void runsAQuickSweepAndStoresOneResultPerTrial(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("e2e.yaml");
        Files.writeString(spec, SPEC);
        Path json = dir.resolve("leaderboard.json");
        DatabaseConfig db = TestDatabases.createDatabase("local-e2e");

        ValidateCommandTest.Captured run = ValidateCommandTest.run(DatabaseArguments.append(
                db,
                "local",
                spec.toString(),
                "--no-serve",
                "--json",
                json.toString(),
                "--home",
                dir.resolve("home").toString(),
                "--baselines",
                "../experiments/baselines"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("METHOD").contains("comcat").contains("head-prune");

        JsonNode leaderboard = Json.mapper().readTree(json.toFile());
        // The four methods of the spec and the dense-ft control the planner adds.
        assertThat(leaderboard).hasSize(5);
        for (JsonNode row : leaderboard) {
            for (String key : new String[] {
                "trialId",
                "method",
                "budget",
                "ranks",
                "params",
                "macs",
                "top1",
                "deltaTop1VsDenseFt",
                "deltaTop1VsDense",
                "latencyMs",
                "speedupVsDense",
                "seed",
                "state"
            }) {
                assertThat(row.has(key)).as(key).isTrue();
            }
            assertThat(row.get("state").asText()).isEqualTo("COMPLETED");
            assertThat(row.get("top1").asDouble()).isBetween(0.0, 1.0);
        }
        Map<String, JsonNode> byMethod = new HashMap<>();
        leaderboard.forEach(row -> byMethod.put(row.get("method").asText(), row));
        assertThat(byMethod.get("dense").get("deltaTop1VsDense").asDouble()).isZero();
        JsonNode denseFt = byMethod.get("dense-ft");
        assertThat(denseFt.get("deltaTop1VsDenseFt").asDouble()).isZero();
        assertThat(denseFt.get("params").asLong())
                .isEqualTo(byMethod.get("dense").get("params").asLong());
        assertThat(byMethod.get("comcat").get("deltaTop1VsDenseFt").asDouble())
                .isCloseTo(
                        byMethod.get("comcat").get("top1").asDouble()
                                - denseFt.get("top1").asDouble(),
                        within(1e-12));
        assertThat(byMethod.get("comcat").get("params").asLong())
                .isLessThan(byMethod.get("dense").get("params").asLong());
        assertThat(byMethod.get("comcat").get("ranks").has("qk")).isTrue();

        try (Connection connection =
                        DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
                Statement statement = connection.createStatement()) {
            assertThat(count(statement, "select count(*) from trials where state = 'COMPLETED'"))
                    .isEqualTo(5);
            assertThat(count(statement, "select count(*) from results")).isEqualTo(5);
            assertThat(count(statement, "select count(*) from sweeps where state = 'COMPLETED'"))
                    .isEqualTo(1);
            assertThat(count(statement, "select count(*) from trial_attempts where outcome = 'SUCCEEDED'"))
                    .isEqualTo(5);
            assertThat(count(statement, "select count(*) from baselines")).isPositive();
            // Every compressed trial and dense-ft fine-tune 2 epochs: held-out top-1 recorded for epochs 1 and 2.
            assertThat(count(
                            statement,
                            "select count(distinct (trial_id, epoch)) from trial_metrics"
                                    + " where phase = 'finetune' and split = 'heldout' and name = 'top1'"))
                    .isEqualTo(8);
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
