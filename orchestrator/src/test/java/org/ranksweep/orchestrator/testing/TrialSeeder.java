package org.ranksweep.orchestrator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.ResultOutcome;
import org.ranksweep.db.trial.StoredTrial;
import org.slf4j.LoggerFactory;

/**
 * Stores sweeps and results through the db repositories, the way the orchestrator would: one batch insert of the
 * trials, then an attempt and a result per completed trial, on a few threads. Seed before the orchestrator
 * starts, so its lease checks never see the short-lived RUNNING attempts.
 */
public final class TrialSeeder {

    private static final int THREADS = 4;
    private static final Instant LEASE = Instant.parse("2100-01-01T00:00:00Z");

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;

    public TrialSeeder(Database database) {
        this.sweeps = new JdbcSweepRepository(database);
        this.trials = new JdbcTrialRepository(database);
    }

    /**
     * Creates a sweep of the given trials on the dataset and model, records every given result, and marks the sweep
     * COMPLETED when no trial is left pending.
     */
    public SweepId seed(String name, String dataset, String model, List<SeedTrial> seeds) {
        List<NewTrial> newTrials = new ArrayList<>(seeds.size());
        for (int index = 0; index < seeds.size(); index++) {
            SeedTrial seed = seeds.get(index);
            TrialConfig config = SampleTrials.config(seed.method(), dataset, model, seed.budget(), seed.seed());
            String label = seed.budget() == null ? seed.method() : seed.method() + "-" + seed.budget();
            newTrials.add(new NewTrial(index, label, seed.method(), config, SampleTrials.contentHash(config)));
        }
        SweepId sweepId = sweeps.create(new NewSweep(name, "name: " + name + "\n", "{\"name\":\"" + name + "\"}",
                newTrials, 3)).id();
        complete(trials.listBySweep(sweepId), seeds);
        if (seeds.stream().allMatch(seed -> seed.top1() != null)) {
            sweeps.markState(sweepId, SweepState.COMPLETED);
        }
        return sweepId;
    }

    private void complete(List<StoredTrial> stored, List<SeedTrial> seeds) {
        Logger repositoryLog = (Logger) LoggerFactory.getLogger(JdbcTrialRepository.class);
        Level level = repositoryLog.getLevel();
        // Two INFO lines per trial would dominate the seeding time of big sweeps.
        repositoryLog.setLevel(Level.WARN);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int part = 0; part < THREADS; part++) {
                int first = part;
                work.add(pool.submit(() -> {
                    for (int index = first; index < stored.size(); index += THREADS) {
                        record(stored.get(index), seeds.get(stored.get(index).index()));
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed", e);
        } finally {
            pool.shutdown();
            repositoryLog.setLevel(level);
        }
    }

    private void record(StoredTrial trial, SeedTrial seed) {
        if (seed.top1() == null) {
            return;
        }
        int attempt = trials.startAttempt(trial.id(), "seeder", LEASE);
        trials.recordMetrics(trial.id(), attempt, seed.metrics());
        if (trials.recordResult(trial.id(), attempt, seed.result()) != ResultOutcome.ACCEPTED) {
            throw new IllegalStateException("result of trial " + trial.id() + " was not accepted");
        }
    }
}
