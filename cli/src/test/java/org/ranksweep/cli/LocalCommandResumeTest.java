package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;

/** A sweep interrupted before any trial ran is resumed by the next {@code ranksweep local} of the same spec. */
class LocalCommandResumeTest {

    private static final String SPEC = """
            name: resume
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 64, trainLimit: 256, testLimit: 64}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 2.0e-3, batch: 64}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5]}
            finetune: {epochs: 1, batch: 64}
            """;

    @Test
    void anInterruptedSweepOfTheSameSpecIsResumedNotStartedAgain(@TempDir Path dir) throws Exception {
        DatabaseConfig config = TestDatabases.createDatabase("local-resume");
        StoredSweep interrupted = submitWithoutWorkers(config);
        Path spec = dir.resolve("resume.yaml");
        Files.writeString(spec, SPEC);

        ValidateCommandTest.Captured run = ValidateCommandTest.run(
                "local",
                spec.toString(),
                "--no-serve",
                "--home",
                dir.resolve("home").toString(),
                "--db-url",
                config.url(),
                "--db-user",
                config.user(),
                "--db-password",
                config.password() == null ? "" : config.password());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Resuming sweep " + interrupted.id());
        try (Database database = Database.open(config)) {
            JdbcSweepRepository sweeps = new JdbcSweepRepository(database);
            assertThat(sweeps.list(10, 0)).hasSize(1);
            assertThat(sweeps.find(interrupted.id()).orElseThrow().state()).isEqualTo(SweepState.COMPLETED);
        }
    }

    /** Plays an earlier `local` that stored the sweep and was killed before a worker took a trial. */
    private static StoredSweep submitWithoutWorkers(DatabaseConfig config) {
        try (Database database = Database.open(config)) {
            HazelcastInstance hazelcast =
                    HazelcastMembers.start(ClusterSettings.loopback("resume-" + UUID.randomUUID(), 5991));
            Vertx vertx = Vertx.vertx();
            try (Orchestrator orchestrator = Orchestrator.start(
                    database, hazelcast, vertx, Duration.ofSeconds(30), SchedulerSettings.defaults())) {
                return orchestrator
                        .scheduler()
                        .submit(new SpecParser().parse(SPEC, "resume.yaml"), SPEC, false)
                        .join();
            } finally {
                vertx.close().await();
                hazelcast.shutdown();
            }
        }
    }
}
