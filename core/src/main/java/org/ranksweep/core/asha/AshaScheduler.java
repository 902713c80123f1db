package org.ranksweep.core.asha;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;

/**
 * ASHA (one bracket) or asynchronous Hyperband (brackets s = 0..K, bracket s starting at min·η^s) over a fixed
 * number of sampler configurations. Asked for work, it promotes first (brackets in index order, each its highest
 * rung first), else starts a new trial while configurations remain; trial ids are 0, 1, 2, ... in start order and
 * new trials go to the brackets round-robin (trial i to bracket i mod (K+1)). Every call's outcome is appended to a
 * history from which {@link #replay} rebuilds the same state. Deterministic; not thread-safe (one owner).
 */
public final class AshaScheduler {

    private final AshaConfig config;
    private final int configurations;
    private final List<AshaBracket> brackets = new ArrayList<>();
    private final Map<Integer, AshaBracket> bracketOf = new HashMap<>();
    private final List<AshaEvent> history = new ArrayList<>();
    private int started;

    private AshaScheduler(
            AshaConfig config, int configurations, ResultRanker ranker, boolean hyperband, StandingsListener listener) {
        if (configurations < 0) {
            throw ValidationException.of("n", "must not be negative, was " + configurations);
        }
        this.config = config;
        this.configurations = configurations;
        List<Integer> resources = config.resources();
        int bracketCount = hyperband ? resources.size() : 1;
        for (int s = 0; s < bracketCount; s++) {
            brackets.add(new AshaBracket(s, resources.subList(s, resources.size()), config.eta(), ranker, listener));
        }
    }

    /** Plain ASHA: one bracket with rungs min, min·η, ..., max. */
    public static AshaScheduler asha(AshaConfig config, int configurations, ResultRanker ranker) {
        return new AshaScheduler(config, configurations, ranker, false, StandingsListener.NONE);
    }

    /** Asynchronous Hyperband: K+1 ASHA brackets, bracket s with rungs min·η^s, ..., max. */
    public static AshaScheduler hyperband(AshaConfig config, int configurations, ResultRanker ranker) {
        return new AshaScheduler(config, configurations, ranker, true, StandingsListener.NONE);
    }

    /**
     * Rebuilds a scheduler from its history (reports and decisions, in order), re-deciding everything and
     * checking each recorded decision against the re-decided one: the same trial, bracket, rung, resource and place
     * in its rung ({@code rank} of {@code of}).
     *
     * @throws ConflictException when the history does not follow from these settings
     */
    public static AshaScheduler replay(
            AshaConfig config, int configurations, ResultRanker ranker, boolean hyperband, List<AshaEvent> history) {
        return replay(config, configurations, ranker, hyperband, history, StandingsListener.NONE);
    }

    /**
     * As {@link #replay(AshaConfig, int, ResultRanker, boolean, List)}, telling {@code listener} the rung's
     * standings behind every promotion, completion and pruning, in the order they are re-decided (the order of the
     * history's decisions), and behind every one the returned scheduler takes later.
     *
     * @throws ConflictException when the history does not follow from these settings
     */
    public static AshaScheduler replay(
            AshaConfig config,
            int configurations,
            ResultRanker ranker,
            boolean hyperband,
            List<AshaEvent> history,
            StandingsListener listener) {
        AshaScheduler scheduler = new AshaScheduler(config, configurations, ranker, hyperband, listener);
        List<AshaDecision> pending = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            AshaEvent event = history.get(i);
            if (event instanceof AshaEvent.Reported reported) {
                requireNothingPending(pending, i);
                pending.addAll(scheduler.report(reported.result()));
            } else if (event instanceof AshaEvent.Dropped dropped) {
                requireNothingPending(pending, i);
                pending.addAll(scheduler.drop(dropped.trialId(), dropped.reason()));
            } else if (!pending.isEmpty()) {
                requireSame(pending.remove(0), event, i);
            } else {
                requireSame(scheduler.next().orElse(null), event, i);
            }
        }
        requireNothingPending(pending, history.size());
        return scheduler;
    }

    /** The next piece of work: a promotion or a new trial, or nothing for now. */
    public Optional<AshaDecision> next() {
        for (AshaBracket bracket : brackets) {
            Optional<AshaDecision.Promoted> promoted = bracket.isClosed() ? Optional.empty() : bracket.promote();
            if (promoted.isPresent()) {
                history.add(promoted.get());
                return Optional.of(promoted.get());
            }
        }
        if (started == configurations) {
            return Optional.empty();
        }
        int trialId = started++;
        AshaBracket bracket = brackets.get(trialId % brackets.size());
        bracketOf.put(trialId, bracket);
        AshaDecision.Started decision = bracket.start(trialId);
        history.add(decision);
        return Optional.of(decision);
    }

    /**
     * Records a trial's report at its rung. Returns its completion when the rung is its bracket's top one, and the
     * prunings of every bracket that has just ended (no configurations left, nothing running or promotable).
     */
    public List<AshaDecision> report(RungResult result) {
        AshaBracket bracket = bracketOf.get(result.trialId());
        if (bracket == null) {
            throw new NotFoundException("trial " + result.trialId() + " was never started by this scheduler");
        }
        history.add(new AshaEvent.Reported(result));
        List<AshaDecision> decisions = new ArrayList<>();
        bracket.report(result).ifPresent(decisions::add);
        return closeEnded(decisions);
    }

    /**
     * Records that a started trial will never report again (it failed for good or was cancelled): it stops counting
     * as running. Returns the prunings of every bracket that has just ended.
     */
    public List<AshaDecision> drop(int trialId, String reason) {
        AshaBracket bracket = bracketOf.get(trialId);
        if (bracket == null) {
            throw new NotFoundException("trial " + trialId + " was never started by this scheduler");
        }
        history.add(new AshaEvent.Dropped(trialId, reason));
        bracket.drop(trialId);
        return closeEnded(new ArrayList<>());
    }

    /**
     * Where a started trial is: its bracket's rung resources and the rung it runs at now (empty when it is waiting
     * or done).
     */
    public Optional<Placement> placement(int trialId) {
        AshaBracket bracket = bracketOf.get(trialId);
        return bracket == null
                ? Optional.empty()
                : Optional.of(new Placement(bracket.index(), bracket.resources(), bracket.runningRung(trialId)));
    }

    /** A started trial's bracket, that bracket's rung resources, and the rung it runs at now if it runs. */
    public record Placement(int bracket, List<Integer> resources, Optional<Integer> runningRung) {}

    private List<AshaDecision> closeEnded(List<AshaDecision> decisions) {
        if (started == configurations) {
            for (AshaBracket each : brackets) {
                if (!each.isClosed() && !each.hasRunning() && !each.hasPromotable()) {
                    decisions.addAll(each.close());
                }
            }
        }
        history.addAll(decisions);
        return decisions;
    }

    /** Whether every configuration has been started and every bracket has ended. */
    public boolean isFinished() {
        return started == configurations
                && brackets.stream().allMatch(b -> b.isClosed() || (!b.hasRunning() && !b.hasPromotable()));
    }

    /** Everything reported and decided so far, in order. */
    public List<AshaEvent> history() {
        return List.copyOf(history);
    }

    /** The rung ladder. */
    public AshaConfig config() {
        return config;
    }

    private static void requireSame(AshaEvent redecided, AshaEvent recorded, int position) {
        if (!recorded.equals(redecided)) {
            throw new ConflictException(
                    "history entry " + position + " was " + recorded + ", replay decides " + redecided);
        }
    }

    private static void requireNothingPending(List<AshaDecision> pending, int position) {
        if (!pending.isEmpty()) {
            throw new ConflictException("history entry " + position + " is missing the decisions " + pending);
        }
    }
}
