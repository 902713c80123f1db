package org.ranksweep.orchestrator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.asha.AshaConfig;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.AshaScheduler;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.asha.RungResult;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.scheduler.StoredSchedulerEvent;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredAttempt;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * Successive halving through the real orchestrator (PostgreSQL, Hazelcast): the test plays the worker, answering
 * every assignment with a point of a known learning curve, while the core scheduler, fed the same reports, says
 * what must happen next. With one worker slot the orchestrator must hand out exactly the trial and rung epoch the
 * reference decides, at every step, also across a restart; the stored trials, attempts and history end as the
 * reference's decisions say.
 */
class SuccessiveHalvingTest {

    private static final AshaConfig LADDER = new AshaConfig(1, 9, 3);
    private static final ResultRanker RANKER = ResultRanker.single("top1", Goal.MAX);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static String spec(String algorithm) {
        return """
                name: halving
                controls: {denseFt: false}
                dataset: {name: synthetic, heldOut: 16}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
                methods: [{name: comcat, budget: [0.5, 0.25, 0.125]}]
                seeds: [0, 1, 2]
                scheduler: {algorithm: %s, min: 1, max: 9, eta: 3}
                """.formatted(algorithm);
    }

    @Test
    void ashaHandsOutExactlyTheTrialsAndRungsTheAlgorithmPrescribes() {
        run("asha", AshaScheduler.asha(LADDER, 9, RANKER), -1, 5971);
    }

    @Test
    void hyperbandGoesOnAfterAnOrchestratorRestartAsIfThereHadBeenNone() {
        run("hyperband", AshaScheduler.hyperband(LADDER, 9, RANKER), 7, 5972);
    }

    @Test
    void aRungReportTheDatabaseDidNotTakeIsRunAgainFromTheCheckpointOnceItDoes() throws Exception {
        AshaScheduler reference = AshaScheduler.asha(LADDER, 9, RANKER);
        try (RunningOrchestrator running = RunningOrchestrator.start("halving-refused", 5973, database -> {})) {
            StoredSweep sweep = submit(running, "asha");
            JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
            List<TrialId> ids =
                    trials.listBySweep(sweep.id()).stream().map(StoredTrial::id).toList();
            JdbcSchedulerEventRepository history = new JdbcSchedulerEventRepository(running.database());
            AshaDecision.Promoted expected = promoteAfterThreeFirstRungReports(running, reference);
            AssignTrial assignment = running.takeAssignment(WAIT).orElseThrow();
            TrialId trialId = ids.get(expected.trialId());
            assertThat(assignment.trialId()).isEqualTo(trialId);
            int stored = history.list(sweep.id()).size();
            // The database refuses the next history entry: the trial pauses at its rung, its report is not stored.
            execute(running, "ALTER TABLE scheduler_events ADD CONSTRAINT refuse CHECK (seq < " + stored + ")");
            Map<String, Double> metrics = curve(expected.trialId(), assignment.rungEpoch());
            running.startAttempt(trialId, assignment.attempt());
            running.reachRung(trialId, assignment.attempt(), assignment.rungEpoch(), metrics);
            awaitState(trials, trialId, TrialState.PAUSED);
            assertThat(running.takeAssignment(Duration.ofSeconds(1))).isEmpty();
            execute(running, "ALTER TABLE scheduler_events DROP CONSTRAINT refuse");

            // Rebuilt from what is stored, the scheduler has the trial still running its rung: it runs it again.
            AssignTrial again = running.takeAssignment(WAIT).orElseThrow();
            assertThat(again.trialId()).isEqualTo(trialId);
            assertThat(again.attempt()).isEqualTo(assignment.attempt() + 1);
            assertThat(again.rungEpoch()).isEqualTo(assignment.rungEpoch());
            running.startAttempt(trialId, again.attempt());
            running.reachRung(trialId, again.attempt(), again.rungEpoch(), metrics);
            // The best of three reports at rung 0 was promoted: this is its rung 1 (3 epochs).
            assertThat(again.rungEpoch()).isEqualTo(3);
            reference.report(new RungResult(expected.trialId(), expected.rung(), metrics));

            // From here on the sweep goes exactly as the reference says.
            AshaDecision next = reference.next().orElseThrow();
            AssignTrial following = running.takeAssignment(WAIT).orElseThrow();
            assertThat(following.trialId()).isEqualTo(ids.get(next.trialId()));
            assertThat(history.list(sweep.id()))
                    .extracting(StoredSchedulerEvent::event)
                    .containsExactlyElementsOf(reference.history());
            // Its rung-0 attempt, the attempt whose report was refused, and the one that ran the rung again.
            assertThat(trials.attempts(trialId)).hasSize(3);
        }
    }

    @Test
    void aRungReportWhoseTransactionFailedTransientlyIsAppliedOnceTheDatabaseIsBackAsIfNothingHadFailed()
            throws Exception {
        AshaScheduler reference = AshaScheduler.asha(LADDER, 9, RANKER);
        try (RunningOrchestrator running = RunningOrchestrator.start("halving-outage", 5974, database -> {})) {
            StoredSweep sweep = submit(running, "asha");
            JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
            List<TrialId> ids =
                    trials.listBySweep(sweep.id()).stream().map(StoredTrial::id).toList();
            AshaDecision.Promoted promoted = promoteAfterThreeFirstRungReports(running, reference);
            AssignTrial assignment = running.takeAssignment(WAIT).orElseThrow();
            TrialId trialId = ids.get(promoted.trialId());
            assertThat(assignment.trialId()).isEqualTo(trialId);
            running.startAttempt(trialId, assignment.attempt());
            awaitState(trials, trialId, TrialState.RUNNING);
            long retriesBefore = running.orchestrator().scheduler().databaseRetries();
            // Storing the history fails as a lost connection does: the whole batch, the trial's pause included, is
            // rolled back and tried again, and the scheduler must meet the sweep as stored, not with the report
            // already taken in memory.
            execute(running, """
                    CREATE FUNCTION fail_like_an_outage() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'connection lost (test)' USING ERRCODE = '08006'; END $$;
                    CREATE TRIGGER outage BEFORE INSERT ON scheduler_events
                        FOR EACH ROW EXECUTE FUNCTION fail_like_an_outage();
                    """);
            Map<String, Double> metrics = curve(promoted.trialId(), assignment.rungEpoch());
            running.reachRung(trialId, assignment.attempt(), assignment.rungEpoch(), metrics);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (running.orchestrator().scheduler().databaseRetries() < retriesBefore + 2) {
                assertThat(System.nanoTime()).as("batch retried").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(trials.find(trialId).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
            assertThat(running.takeAssignment(Duration.ofMillis(500))).isEmpty();
            execute(running, "DROP TRIGGER outage ON scheduler_events");

            // The retried batch commits: the report counts once, and the sweep goes on as the reference says.
            reference.report(new RungResult(promoted.trialId(), promoted.rung(), metrics));
            AshaDecision next = reference.next().orElseThrow();
            AssignTrial following = running.takeAssignment(WAIT).orElseThrow();
            assertThat(following.trialId()).isEqualTo(ids.get(next.trialId()));
            assertThat(trials.find(trialId).orElseThrow().state()).isEqualTo(TrialState.PAUSED);
            assertThat(trials.attempts(trialId)).hasSize(2);
            assertThat(new JdbcSchedulerEventRepository(running.database()).list(sweep.id()))
                    .extracting(StoredSchedulerEvent::event)
                    .containsExactlyElementsOf(reference.history());
        }
    }

    /**
     * Plays the worker for the first three trials' first rung, as the reference starts them; returns the reference's
     * next decision, the promotion of the best of the three.
     */
    private static AshaDecision.Promoted promoteAfterThreeFirstRungReports(
            RunningOrchestrator running, AshaScheduler reference) {
        for (int step = 0; step < 3; step++) {
            AshaDecision.Started started =
                    (AshaDecision.Started) reference.next().orElseThrow();
            AssignTrial assignment = running.takeAssignment(WAIT).orElseThrow();
            assertThat(assignment.rungEpoch()).isEqualTo(1);
            Map<String, Double> metrics = curve(started.trialId(), 1);
            running.startAttempt(assignment.trialId(), assignment.attempt());
            running.reachRung(assignment.trialId(), assignment.attempt(), 1, metrics);
            reference.report(new RungResult(started.trialId(), 0, metrics));
        }
        return (AshaDecision.Promoted) reference.next().orElseThrow();
    }

    private static StoredSweep submit(RunningOrchestrator running, String algorithm) {
        String text = spec(algorithm);
        return running.orchestrator()
                .scheduler()
                .submit(new SpecParser().parse(text, "halving.yaml"), text, false)
                .join();
    }

    private static void execute(RunningOrchestrator running, String sql) throws Exception {
        try (var connection = running.database().dataSource().getConnection();
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void awaitState(JdbcTrialRepository trials, TrialId trialId, TrialState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (trials.find(trialId).orElseThrow().state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trial " + trialId + " never became " + state);
            }
            Thread.sleep(50);
        }
    }

    private void run(String algorithm, AshaScheduler reference, int restartAfterStep, int port) {
        try (RunningOrchestrator running = RunningOrchestrator.start("halving-" + algorithm, port, database -> {})) {
            StoredSweep sweep = submit(running, algorithm);
            JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
            List<TrialId> ids =
                    trials.listBySweep(sweep.id()).stream().map(StoredTrial::id).toList();
            assertThat(ids).hasSize(9);
            // Every rung is an attempt: the spec's 3, plus one per promotion.
            assertThat(trials.find(ids.get(0)).orElseThrow().maxAttempts()).isEqualTo(3 + 2);

            Map<Integer, List<Integer>> rungEpochsByTrial = new HashMap<>();
            for (int step = 0; !reference.isFinished(); step++) {
                AshaDecision expected = reference.next().orElseThrow();
                AssignTrial assignment = running.takeAssignment(WAIT)
                        .orElseThrow(
                                () -> new AssertionError("no assignment offered; the reference decided " + expected));
                if (step == restartAfterStep) {
                    // The worker took the item but never started it: the restarted orchestrator offers it again.
                    running.restart();
                    AssignTrial again = running.takeAssignment(WAIT).orElseThrow();
                    assertThat(again).isEqualTo(assignment);
                }
                int index = ids.indexOf(assignment.trialId());
                int rung = expected instanceof AshaDecision.Started started
                        ? started.rung()
                        : ((AshaDecision.Promoted) expected).rung();
                int epochs = expected instanceof AshaDecision.Started started
                        ? started.resource()
                        : ((AshaDecision.Promoted) expected).resource();
                assertThat(index).as("trial of step %d", step).isEqualTo(expected.trialId());
                assertThat(assignment.rungEpoch())
                        .as("rung epoch of step %d", step)
                        .isEqualTo(epochs);
                assertThat(assignment.config().finetune().epochs()).isEqualTo(9);
                rungEpochsByTrial.computeIfAbsent(index, i -> new ArrayList<>()).add(epochs);

                Map<String, Double> metrics = curve(index, epochs);
                running.startAttempt(assignment.trialId(), assignment.attempt());
                running.reachRung(assignment.trialId(), assignment.attempt(), epochs, metrics);
                reference.report(new RungResult(index, rung, metrics));
                if (epochs == 9) {
                    running.complete(assignment.trialId(), assignment.attempt(), metrics.get("top1"), 1000, 1000);
                }
            }

            StoredSweep finished = awaitFinished(running, sweep);
            assertThat(finished.state()).isEqualTo(SweepState.COMPLETED);
            assertThat(running.takeAssignment(Duration.ofMillis(200))).isEmpty();
            Map<Integer, AshaEvent> lastDecision = new HashMap<>();
            reference.history().stream()
                    .filter(e -> e instanceof AshaDecision.Completed || e instanceof AshaDecision.Pruned)
                    .forEach(e -> lastDecision.put(e.trialId(), e));
            assertThat(lastDecision).hasSize(9);
            for (int index = 0; index < 9; index++) {
                StoredTrial trial = trials.find(ids.get(index)).orElseThrow();
                List<StoredAttempt> attempts = trials.attempts(trial.id());
                assertThat(attempts)
                        .as("attempts of trial %d", index)
                        .hasSize(rungEpochsByTrial.get(index).size());
                assertThat(attempts).allMatch(a -> a.outcome() == AttemptOutcome.SUCCEEDED);
                if (lastDecision.get(index) instanceof AshaDecision.Pruned pruned) {
                    assertThat(trial.state()).as("trial %d", index).isEqualTo(TrialState.PRUNED);
                    assertThat(trial.reason()).startsWith("pruned at rung " + pruned.rung() + " (");
                } else {
                    assertThat(trial.state()).as("trial %d", index).isEqualTo(TrialState.COMPLETED);
                    assertThat(rungEpochsByTrial.get(index)).last().isEqualTo(9);
                }
            }
            List<StoredSchedulerEvent> stored = new JdbcSchedulerEventRepository(running.database()).list(sweep.id());
            assertThat(stored).extracting(StoredSchedulerEvent::event).containsExactlyElementsOf(reference.history());
            assertThat(stored)
                    .allMatch(e -> e.trialId().equals(ids.get(e.event().trialId())));
        }
    }

    /** A learning curve per trial: ceiling·(1 − e^(−epoch/τ)), ceiling and τ drawn per trial, so curves cross. */
    private static Map<String, Double> curve(int index, int epoch) {
        Random random = new Random(17 + index);
        double ceiling = 0.5 + 0.4 * random.nextDouble();
        double tau = 0.5 + 4 * random.nextDouble();
        return Map.of("top1", ceiling * (1 - Math.exp(-epoch / tau)), "params", 1000.0, "macs", 1000.0);
    }

    private static StoredSweep awaitFinished(RunningOrchestrator running, StoredSweep sweep) {
        JdbcSweepRepository sweeps = new JdbcSweepRepository(running.database());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StoredSweep now = sweeps.find(sweep.id()).orElseThrow();
            if (now.state().isTerminal()) {
                return now;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("sweep " + sweep.id() + " did not finish within " + WAIT);
    }
}
