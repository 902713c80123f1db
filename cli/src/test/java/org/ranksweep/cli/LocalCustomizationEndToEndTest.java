package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.json.Json;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.worker.safetensors.SafetensorsFile;

/**
 * A customization sweep through {@code ranksweep local} (embedded cluster, real DJL training, PostgreSQL) with a tiny
 * generator on synthetic images, then {@code report} and {@code export} of what it stored.
 */
class LocalCustomizationEndToEndTest {

    private static final String SPEC = """
            name: customization-e2e
            dataset: {name: synthetic, heldOut: 100, trainLimit: 800, testLimit: 300}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 2.0e-3, batch: 64}}}
            customization:
              generator: {width: 16, depth: 1, heads: 2, patch: 7, textDepth: 1, steps: 12, batch: 16}
              concepts: [ankle-boot]
              shots: 4
              steps: 6
              batch: 4
              methods: [custom-diffusion, {name: comcat-adapter, ranks: [1], lr: 1.0e-3}]
              sampling: {concept: 8, perClass: 2, ddimSteps: 3}
            """;

    @Test
    void everyTrialStoresItsMeasurementsWhichReportAndExportShow(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("customize.yaml");
        Files.writeString(spec, SPEC);
        Path json = dir.resolve("leaderboard.json");
        DatabaseConfig db = TestDatabases.createDatabase("local-customization");

        ValidateCommandTest.Captured run = ValidateCommandTest.run(DatabaseArguments.append(
                db,
                "local",
                spec.toString(),
                "--no-serve",
                "--home",
                dir.resolve("home").toString(),
                "--json",
                json.toString()));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("speed-up vs cd").contains("storage vs full");
        Map<String, long[]> stored = new LinkedHashMap<>();
        long sweepId;
        try (Connection connection =
                        DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select t.trial_id, t.method, t.sweep_id,"
                        + " (r.customization_json ->> 'deltaBytes')::bigint, r.params,"
                        + " (select count(*) from trial_metrics m where m.trial_id = t.trial_id and m.name = 'fidelity')"
                        + " from trials t join results r using (trial_id) order by t.trial_index")) {
            sweepId = 0;
            while (rows.next()) {
                stored.put(
                        rows.getString(2),
                        new long[] {rows.getLong(1), rows.getLong(4), rows.getLong(5), rows.getLong(6)});
                sweepId = rows.getLong(3);
            }
        }
        assertThat(stored).containsOnlyKeys("custom-diffusion", "comcat-adapter");
        assertThat(stored.values())
                .allSatisfy(
                        values -> assertThat(values[3]).as("fidelity metric").isEqualTo(1));

        JsonNode leaderboard = Json.mapper().readTree(json.toFile());
        assertThat(leaderboard).hasSize(2);
        for (JsonNode row : leaderboard) {
            assertThat(row.get("customization").get("fidelity").asDouble())
                    .isEqualTo(row.get("top1").asDouble());
            assertThat(row.get("customization").get("deltaBytes").asLong())
                    .isEqualTo(stored.get(row.get("method").asText())[1]);
        }

        ValidateCommandTest.Captured csv = ValidateCommandTest.run(
                ReportCommandTest.withDatabase(db, "report", "--sweep", Long.toString(sweepId), "--format", "csv"));
        assertThat(csv.exit()).as(csv.out() + csv.err()).isZero();
        String comcatLine = Arrays.stream(csv.out().split("\n"))
                .filter(line -> line.startsWith("comcat-adapter,1,1,"))
                .findFirst()
                .orElseThrow();
        double storageVsCustomDiffusion = Double.parseDouble(comcatLine.split(",")[7]);
        assertThat(storageVsCustomDiffusion)
                .isCloseTo(
                        (double) stored.get("custom-diffusion")[1] / stored.get("comcat-adapter")[1],
                        org.assertj.core.data.Offset.offset(1e-4));

        long comcat = stored.get("comcat-adapter")[0];
        Path out = dir.resolve("export").resolve("bag-delta.safetensors");
        ValidateCommandTest.Captured export = ValidateCommandTest.run(ReportCommandTest.withDatabase(
                db, "export", "--trial", Long.toString(comcat), "--out", out.toString()));
        assertThat(export.exit()).as(export.out() + export.err()).isZero();
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            assertThat(file.metadata())
                    .containsEntry("method", "comcat-adapter")
                    .containsEntry("rank", "1")
                    .containsEntry("concept", "ankle-boot")
                    .containsEntry("ranksweep.trial", Long.toString(comcat));
            long parameters = file.tensors().values().stream()
                    .mapToLong(tensor -> Arrays.stream(tensor.shape()).reduce(1, (a, b) -> a * b))
                    .sum();
            assertThat(parameters).isEqualTo(stored.get("comcat-adapter")[2]);
        }
        assertThat(String.format(Locale.ROOT, "%s", export.out())).contains("exported the customization delta");
    }
}
