package org.ranksweep.orchestrator.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.CreatedSweep;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;

/**
 * Stores sweeps and results the way the orchestrator would: one batch insert of the trials, then each completed
 * trial driven through the lifecycle (queued, started, metrics, result), a thousand trials per transaction. Seed
 * before the orchestrator starts, so its lease checks never see the seeded attempts.
 */
public final class TrialSeeder {

    private static final int CHUNK = 1_000;

    private final JdbcSweepRepository sweeps;
    private final TrialDriver driver;

    public TrialSeeder(Database database) {
        this.sweeps = new JdbcSweepRepository(database);
        this.driver = new TrialDriver(database);
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
        CreatedSweep sweep =
                sweeps.create(new NewSweep(name, "name: " + name + "\n", "{\"name\":\"" + name + "\"}", newTrials, 3));
        complete(sweep.trialIds(), seeds);
        if (seeds.stream().allMatch(seed -> seed.top1() != null)) {
            sweeps.markState(sweep.id(), SweepState.COMPLETED);
        }
        return sweep.id();
    }

    private void complete(List<TrialId> trialIds, List<SeedTrial> seeds) {
        Map<TrialId, TrialDriver.Completion> chunk = new LinkedHashMap<>();
        for (int index = 0; index < seeds.size(); index++) {
            SeedTrial seed = seeds.get(index);
            if (seed.top1() != null) {
                chunk.put(trialIds.get(index), new TrialDriver.Completion("seeder", seed.metrics(), seed.result()));
            }
            if (chunk.size() == CHUNK || index == seeds.size() - 1) {
                driver.completeAll(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
    }
}
