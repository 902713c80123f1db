package org.ranksweep.orchestrator.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.AshaScheduler;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.asha.RungResult;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository.NewSchedulerEvent;

/**
 * One successive-halving sweep as its scheduler sees it: the {@link AshaScheduler} over the sweep's trials (its
 * trial {@code i} is the sweep's trial of index {@code i}), which trials run at which rung, and which entries of its
 * history are not stored yet. Decides nothing about trial states itself: {@link #view} says where ASHA wants each
 * trial, and the state machine brings the stored trial there. No I/O. Not thread-safe: the scheduler thread only.
 */
final class HalvingSweep {

    /** Where ASHA has a trial: not started, running up to a rung, waiting at a rung, or done one way or another. */
    enum Place {
        NOT_STARTED,
        RUNNING,
        WAITING,
        COMPLETED,
        PRUNED,
        DROPPED
    }

    /** A trial's place and, for a running or waiting one, its rung, that rung's epochs, and its last entry. */
    record View(Place place, int rung, int epochs, AshaEvent last) {}

    private final SweepId sweepId;
    private final AshaScheduler scheduler;
    private final List<TrialId> trials;
    private final Map<TrialId, Integer> indexOf = new HashMap<>();
    private final Set<Integer> running = new LinkedHashSet<>();
    private final Map<Integer, AshaEvent> last = new HashMap<>();
    /** The metrics the objectives and constraints compare. */
    private final Set<String> compared;

    /**
     * The history entries not stored yet, in the scheduler's order: kept here as they are noted rather than copied
     * out of {@link AshaScheduler#history()}, which copies the whole history on every call.
     */
    private final List<AshaEvent> unrecorded = new ArrayList<>();

    private int recorded;

    /**
     * How many of the latest attempts' times from decision to rung report {@link #runsShortAttempts} looks at, and
     * the median under which they count as short: a trial queued behind them waits less than that per slot.
     */
    static final int TIMED_ATTEMPTS = 32;

    static final long SHORT_ATTEMPT_NANOS = Duration.ofMillis(250).toNanos();

    /** When each running trial's start or promotion was decided ({@link System#nanoTime()}). */
    private final Map<Integer, Long> decidedAt = new HashMap<>();
    /** The latest attempts' times from decision to report, a ring of {@link #TIMED_ATTEMPTS}. */
    private final long[] attemptNanos = new long[TIMED_ATTEMPTS];

    private int timedAttempts;

    private HalvingSweep(SweepId sweepId, SweepSpec spec, AshaScheduler scheduler, List<TrialId> trials, int recorded) {
        this.sweepId = sweepId;
        this.compared = new TreeSet<>();
        spec.objectives().forEach(objective -> compared.add(objective.metric()));
        spec.constraints().forEach(constraint -> compared.add(constraint.metric()));
        this.scheduler = scheduler;
        this.trials = List.copyOf(trials);
        for (int index = 0; index < trials.size(); index++) {
            indexOf.put(trials.get(index), index);
        }
        scheduler.history().forEach(this::note);
        unrecorded.clear();
        this.recorded = recorded;
    }

    /** A new sweep: nothing decided yet. {@code trials} in index order. */
    static HalvingSweep open(SweepId sweepId, SweepSpec spec, List<TrialId> trials) {
        return new HalvingSweep(sweepId, spec, create(spec, trials.size(), List.of()), trials, 0);
    }

    /**
     * A sweep rebuilt from its stored history, every entry re-decided and checked.
     *
     * @throws org.ranksweep.core.error.ConflictException when the history does not follow from the spec
     */
    static HalvingSweep replay(SweepId sweepId, SweepSpec spec, List<TrialId> trials, List<AshaEvent> history) {
        return new HalvingSweep(sweepId, spec, create(spec, trials.size(), history), trials, history.size());
    }

    private static AshaScheduler create(SweepSpec spec, int configurations, List<AshaEvent> history) {
        SchedulerSpec settings = spec.scheduler();
        ResultRanker ranker = ResultRanker.forObjectives(spec.objectives(), spec.constraints());
        return AshaScheduler.replay(settings.ladder(), configurations, ranker, settings.hyperband(), history);
    }

    SweepId sweepId() {
        return sweepId;
    }

    List<TrialId> trials() {
        return trials;
    }

    boolean contains(TrialId trialId) {
        return indexOf.containsKey(trialId);
    }

    /** Starts or promotes trials while fewer than {@code capacity} run; returns the trials decided about. */
    List<TrialId> fill(int capacity) {
        List<TrialId> decided = new ArrayList<>();
        while (running.size() < capacity) {
            Optional<AshaDecision> next = scheduler.next();
            if (next.isEmpty()) {
                break;
            }
            note(next.get());
            decided.add(trials.get(next.get().trialId()));
        }
        return decided;
    }

    /**
     * The trial's report at {@code epoch}: accepted when it runs at a rung of exactly that many epochs. Returns the
     * trials decided about (the reporting one first), or empty when the report is not for the rung it runs at.
     */
    Optional<List<TrialId>> report(TrialId trialId, int epoch, Map<String, Double> metrics) {
        View view = view(trialId);
        if (view.place() != Place.RUNNING || view.epochs() != epoch) {
            return Optional.empty();
        }
        int index = indexOf.get(trialId);
        List<AshaDecision> decisions = scheduler.report(new RungResult(index, view.rung(), metrics));
        Long decidedNanos = decidedAt.remove(index);
        if (decidedNanos != null) {
            attemptNanos[timedAttempts++ % TIMED_ATTEMPTS] = System.nanoTime() - decidedNanos;
        }
        note(new AshaEvent.Reported(new RungResult(index, view.rung(), metrics)));
        List<TrialId> decided = new ArrayList<>(List.of(trialId));
        decisions.forEach(decision -> {
            note(decision);
            decided.add(trials.get(decision.trialId()));
        });
        return Optional.of(decided);
    }

    /** A metric the objectives or constraints compare that {@code metrics} lacks (or holds as NaN). */
    Optional<String> missingMetric(Map<String, Double> metrics) {
        return compared.stream()
                .filter(metric ->
                        metrics.get(metric) == null || metrics.get(metric).isNaN())
                .findFirst();
    }

    /** A trial that will never report (failed for good, cancelled): returns the trials the drop decided about. */
    List<TrialId> drop(TrialId trialId, String reason) {
        if (view(trialId).place() != Place.RUNNING) {
            return List.of();
        }
        int index = indexOf.get(trialId);
        List<AshaDecision> decisions = scheduler.drop(index, reason);
        note(new AshaEvent.Dropped(index, reason));
        List<TrialId> decided = new ArrayList<>(List.of(trialId));
        decisions.forEach(decision -> {
            note(decision);
            decided.add(trials.get(decision.trialId()));
        });
        return decided;
    }

    /** Where ASHA has the trial now. */
    View view(TrialId trialId) {
        Integer index = indexOf.get(trialId);
        AshaEvent entry = index == null ? null : last.get(index);
        if (entry == null) {
            return new View(Place.NOT_STARTED, -1, 0, null);
        }
        List<Integer> resources = scheduler.placement(index).orElseThrow().resources();
        if (entry instanceof AshaDecision.Started started) {
            return new View(Place.RUNNING, started.rung(), resources.get(started.rung()), entry);
        } else if (entry instanceof AshaDecision.Promoted promoted) {
            return new View(Place.RUNNING, promoted.rung(), resources.get(promoted.rung()), entry);
        } else if (entry instanceof AshaEvent.Reported reported) {
            int rung = reported.result().rung();
            return new View(Place.WAITING, rung, resources.get(rung), entry);
        } else if (entry instanceof AshaDecision.Completed completed) {
            return new View(Place.COMPLETED, completed.rung(), resources.get(completed.rung()), entry);
        } else if (entry instanceof AshaDecision.Pruned pruned) {
            return new View(Place.PRUNED, pruned.rung(), resources.get(pruned.rung()), entry);
        }
        return new View(Place.DROPPED, -1, 0, entry);
    }

    /** The epoch a running trial's attempt runs to; null when it does not run. */
    Integer rungEpoch(TrialId trialId) {
        View view = view(trialId);
        return view.place() == Place.RUNNING ? view.epochs() : null;
    }

    /** The history entries not stored yet, each with its trial, in order. */
    List<NewSchedulerEvent> unrecorded() {
        return unrecorded.stream()
                .map(event -> new NewSchedulerEvent(trials.get(event.trialId()), event))
                .toList();
    }

    /** The position the first unrecorded entry takes. */
    int recorded() {
        return recorded;
    }

    /** The first {@code count} entries of {@link #unrecorded()} are stored. */
    void markRecorded(int count) {
        unrecorded.subList(0, count).clear();
        recorded += count;
    }

    boolean isFinished() {
        return scheduler.isFinished();
    }

    /**
     * Whether the sweep's attempts are short: the median time from deciding an attempt to its rung report, over the
     * latest {@link #TIMED_ATTEMPTS} reports, is under {@link #SHORT_ATTEMPT_NANOS}. Such attempts (no-op trials, a
     * tiny model) cost less than the decision round trip between them, so the scheduler may queue more of them than
     * there are slots; false until that many reports arrived.
     */
    boolean runsShortAttempts() {
        if (timedAttempts < TIMED_ATTEMPTS) {
            return false;
        }
        long[] sorted = attemptNanos.clone();
        Arrays.sort(sorted);
        return sorted[TIMED_ATTEMPTS / 2] < SHORT_ATTEMPT_NANOS;
    }

    private void note(AshaEvent event) {
        unrecorded.add(event);
        last.put(event.trialId(), event);
        if (event instanceof AshaDecision.Started || event instanceof AshaDecision.Promoted) {
            running.add(event.trialId());
            decidedAt.put(event.trialId(), System.nanoTime());
        } else {
            running.remove(event.trialId());
            if (!(event instanceof AshaEvent.Reported)) {
                decidedAt.remove(event.trialId());
            }
        }
    }
}
