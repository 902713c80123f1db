package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;

/**
 * {@code ranksweep local} with successive halving on real Fashion-MNIST images, real DJL training and PostgreSQL:
 * three configurations, rungs at 1 and 3 fine-tuning epochs, η = 3, so one trial is promoted and resumes from its
 * rung's checkpoint (its second attempt trains epochs 2 and 3 only), and the two others end PRUNED at rung 0.
 */
class LocalHalvingEndToEndTest {

    private static final String SPEC = """
            name: halving-e2e
            controls: {denseFt: false}
            dataset: {name: fashion-mnist, heldOut: 200, trainLimit: 600, testLimit: 200}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 2.0e-3, batch: 64}}}
            methods:
              - {name: comcat, budget: [0.5, 0.25, 0.125]}
            finetune: {lr: 5.0e-4, batch: 64}
            scheduler: {algorithm: asha, min: 1, max: 3, eta: 3}
            """;

    @Test
    void oneTrialIsPromotedAndResumesFromItsRungWhileTheOthersArePruned(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("halving.yaml");
        Files.writeString(spec, SPEC);
        DatabaseConfig db = TestDatabases.createDatabase("local-halving");

        ValidateCommandTest.Captured run = ValidateCommandTest.run(DatabaseArguments.append(
                db,
                "local",
                spec.toString(),
                "--no-serve",
                "--home",
                dir.resolve("home").toString(),
                "--baselines",
                "../experiments/baselines"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("1 of 3 trials completed, 2 pruned")
                .contains("2 trials pruned by successive halving are not ranked")
                .contains("PRUNED: pruned at rung 0 (1 epoch)");

        try (Connection connection =
                        DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
                Statement statement = connection.createStatement()) {
            assertThat(longs(statement, "select count(*) from trials where state = 'COMPLETED'"))
                    .containsExactly(1L);
            assertThat(longs(statement, "select count(*) from trials where state = 'PRUNED'"))
                    .containsExactly(2L);
            assertThat(longs(statement, "select count(*) from results")).containsExactly(1L);
            // The completed trial: attempt 1 trained epoch 1, attempt 2 resumed and trained epochs 2 and 3.
            assertThat(longs(
                            statement,
                            "select m.attempt_number * 10 + m.epoch from trial_metrics m join trials t using"
                                    + " (trial_id) where t.state = 'COMPLETED' and m.phase = 'finetune'"
                                    + " and m.split = 'heldout' and m.name = 'top1' order by 1"))
                    .containsExactly(11L, 22L, 23L);
            // Each pruned trial ran one attempt, to epoch 1, and has no result.
            assertThat(longs(
                            statement,
                            "select count(*) from trial_attempts a join trials t using (trial_id)"
                                    + " where t.state = 'PRUNED' group by t.trial_id"))
                    .containsExactly(1L, 1L);
            assertThat(longs(statement, "select count(*) from scheduler_events group by type order by type"))
                    .as("Completed, Promoted, Pruned, Reported, Started")
                    .containsExactly(1L, 1L, 2L, 4L, 3L);
        }
    }

    private static List<Long> longs(Statement statement, String sql) throws Exception {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }
}
