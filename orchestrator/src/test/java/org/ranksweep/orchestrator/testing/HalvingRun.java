package org.ranksweep.orchestrator.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;

/**
 * Runs a successive-halving sweep to its end on a {@link RunningOrchestrator} by playing its only worker: every
 * assignment gets a point of a known learning curve at its rung epoch, and a trial at the top rung completes with
 * that point as its result. Test data for the read side (API, dashboard) of the scheduler. Not thread-safe.
 */
public final class HalvingRun {

    /** Top rung of {@link #spec}. */
    public static final int MAX_EPOCHS = 9;

    private static final Duration WAIT = Duration.ofSeconds(30);

    private HalvingRun() {}

    /**
     * Nine comcat trials (three budgets × three seeds) under {@code algorithm} with rungs at 1, 3 and 9 epochs,
     * ranked by top-1 (max) and parameters (min).
     */
    public static String spec(String name, String algorithm) {
        return """
                name: %s
                controls: {denseFt: false}
                dataset: {name: synthetic, heldOut: 16}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
                methods: [{name: comcat, budget: [0.5, 0.25, 0.125]}]
                seeds: [0, 1, 2]
                scheduler: {algorithm: %s, min: 1, max: %d, eta: 3}
                objectives: [{metric: top1, goal: max}, {metric: params, goal: min}]
                """.formatted(name, algorithm, MAX_EPOCHS);
    }

    /** Submits the spec and plays the worker until the sweep ends; returns the ended sweep. */
    public static StoredSweep run(RunningOrchestrator running, String spec) {
        StoredSweep sweep = running.orchestrator()
                .scheduler()
                .submit(new SpecParser().parse(spec, "halving.yaml"), spec, false)
                .join();
        JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
        JdbcSweepRepository sweeps = new JdbcSweepRepository(running.database());
        Map<TrialId, Integer> indexOf = new HashMap<>();
        List<StoredTrial> stored = trials.listBySweep(sweep.id());
        stored.forEach(trial -> indexOf.put(trial.id(), trial.index()));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<AssignTrial> next = running.takeAssignment(Duration.ofMillis(300));
            if (next.isEmpty()) {
                StoredSweep now = sweeps.find(sweep.id()).orElseThrow();
                if (now.state().isTerminal()) {
                    return now;
                }
                continue;
            }
            AssignTrial assignment = next.get();
            Integer index = indexOf.get(assignment.trialId());
            if (index == null) {
                throw new AssertionError("assignment of a trial outside sweep " + sweep.id() + ": " + assignment);
            }
            int epochs = assignment.rungEpoch();
            Map<String, Double> metrics = curve(index, epochs);
            running.startAttempt(assignment.trialId(), assignment.attempt());
            running.reachRung(assignment.trialId(), assignment.attempt(), epochs, metrics);
            if (epochs == MAX_EPOCHS) {
                running.complete(
                        assignment.trialId(),
                        assignment.attempt(),
                        metrics.get("top1"),
                        metrics.get("params").longValue(),
                        metrics.get("macs").longValue());
            }
        }
        throw new AssertionError("sweep " + sweep.id() + " did not end within " + WAIT);
    }

    /**
     * Trial {@code index}'s held-out metrics after {@code epoch} epochs: top-1 ceiling·(1 − e^(−epoch/τ)) with
     * ceiling and τ drawn per trial (so curves cross), parameters and MACs fixed per trial.
     */
    public static Map<String, Double> curve(int index, int epoch) {
        Random random = new Random(17 + index);
        double ceiling = 0.5 + 0.4 * random.nextDouble();
        double tau = 0.5 + 4 * random.nextDouble();
        double params = 100_000.0 * (1 + index % 3) + 1_000 * index;
        return Map.of("top1", ceiling * (1 - Math.exp(-epoch / tau)), "params", params, "macs", params * 10);
    }
}
