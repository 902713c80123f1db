package org.ranksweep.core.asha;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ranksweep.core.asha.AshaDecision.Completed;
import org.ranksweep.core.asha.AshaDecision.Promoted;
import org.ranksweep.core.asha.AshaDecision.Pruned;
import org.ranksweep.core.asha.AshaDecision.Started;
import org.ranksweep.core.error.ConflictException;

/**
 * One ASHA bracket (Li et al., MLSys 2020, promotion variant): rungs at the given resources; a trial waiting in
 * rung k may be promoted as soon as it is among the top ⌊n_k/η⌋ of the n_k results rung k has so far and has not
 * been promoted yet, without waiting for the rung to fill. Promotions look at the highest rung first and take the
 * best-ranked promotable trial. A trial reporting at the top rung completes; when no trial runs, none is promotable
 * and no new trial will come, {@link #close()} prunes the waiting ones. Deterministic; not thread-safe (one owner).
 */
public final class AshaBracket {

    private final int index;
    private final List<Integer> resources;
    private final int eta;
    private final ResultRanker ranker;
    private final StandingsListener listener;
    private final List<Map<Integer, RungResult>> rungs = new ArrayList<>();
    private final List<Set<Integer>> promoted = new ArrayList<>();
    private final Map<Integer, Integer> running = new HashMap<>();
    private final Set<Integer> known = new HashSet<>();
    /**
     * Each rung's results as the ranker orders them. Under a {@link ResultRanker.Ordered} ranker each new result is
     * inserted in its place, so the ranking is always up to date; under any other (MOASHA's, where one result can
     * move others) it is null until asked for after the rung's last change, then ranked whole.
     */
    private final List<List<RungResult>> ranked = new ArrayList<>();
    /**
     * Under a {@link ResultRanker.Ordered} ranker, each rung's results not promoted out of it yet, in the ranker's
     * order: the first is the only one {@link #promote} can take from the rung, and its place in the ranking is one
     * binary search away. (Looking for it from the head of the ranking cost O(n) whenever a new result landed among
     * the promoted: a tenth of the orchestrator's scheduler thread in a JFR profile of 20,000 no-op trials.) Null
     * entries under any other ranker.
     */
    private final List<NavigableSet<RungResult>> waiting = new ArrayList<>();
    /**
     * Under any other ranker, per rung, a length of the ranking's head known to be promoted already: {@link #candidate}
     * looks from there, not from the top, since a rung's head is promoted early and stays so. A ranking redone (after
     * every change of the rung) resets it to 0.
     */
    private final int[] promotedHead;

    private boolean closed;

    /**
     * @param index     the bracket's index s (0 for plain ASHA)
     * @param resources resource of each rung, bottom first
     * @param eta       reduction factor η ≥ 2
     * @param ranker    the order of a rung's results, best first
     */
    public AshaBracket(int index, List<Integer> resources, int eta, ResultRanker ranker) {
        this(index, resources, eta, ranker, StandingsListener.NONE);
    }

    /**
     * @param index     the bracket's index s (0 for plain ASHA)
     * @param resources resource of each rung, bottom first
     * @param eta       reduction factor η ≥ 2
     * @param ranker    the order of a rung's results, best first
     * @param listener  told the standings behind each promotion, completion and pruning
     */
    public AshaBracket(int index, List<Integer> resources, int eta, ResultRanker ranker, StandingsListener listener) {
        this.index = index;
        this.listener = listener;
        this.resources = List.copyOf(resources);
        this.eta = eta;
        this.ranker = ranker;
        this.promotedHead = new int[resources.size()];
        for (int rung = 0; rung < resources.size(); rung++) {
            rungs.add(new LinkedHashMap<>());
            promoted.add(new HashSet<>());
            ranked.add(ranker instanceof ResultRanker.Ordered ? new ArrayList<>() : null);
            waiting.add(ranker instanceof ResultRanker.Ordered ordered ? new TreeSet<>(ordered.order()) : null);
        }
    }

    /** Starts a new trial at the bottom rung. */
    public Started start(int trialId) {
        requireOpen();
        if (!known.add(trialId)) {
            throw new ConflictException("trial " + trialId + " is already in bracket " + index);
        }
        running.put(trialId, 0);
        return new Started(trialId, index, 0, resources.get(0));
    }

    /** Promotes the best promotable trial of the highest rung that has one, or nothing when none is promotable. */
    public Optional<Promoted> promote() {
        return candidate().map(candidate -> {
            int trialId = candidate.result().trialId();
            int rung = candidate.result().rung();
            Promoted decision = new Promoted(
                    trialId,
                    index,
                    rung + 1,
                    resources.get(rung + 1),
                    candidate.rank(),
                    candidate.ranked().size());
            tell(decision, rung, candidate.ranked());
            promoted.get(rung).add(trialId);
            if (waiting.get(rung) != null) {
                waiting.get(rung).remove(candidate.result());
            }
            running.put(trialId, rung + 1);
            return decision;
        });
    }

    /** Whether {@link #promote()} would promote a trial now. */
    public boolean hasPromotable() {
        return candidate().isPresent();
    }

    /** The trial {@link #promote()} would take, with its rung's ranking. */
    private Optional<Candidate> candidate() {
        for (int rung = resources.size() - 2; rung >= 0; rung--) {
            List<RungResult> order = ranked(rung);
            if (order.size() / eta == 0) {
                continue;
            }
            int place = firstWaiting(rung, order);
            if (place < order.size() / eta) {
                return Optional.of(new Candidate(order.get(place), place + 1, order));
            }
        }
        return Optional.empty();
    }

    /** The place in the rung's ranking of its best result not promoted yet; the ranking's size when there is none. */
    private int firstWaiting(int rung, List<RungResult> order) {
        if (ranker instanceof ResultRanker.Ordered ordered) {
            NavigableSet<RungResult> left = waiting.get(rung);
            return left.isEmpty() ? order.size() : Collections.binarySearch(order, left.first(), ordered.order());
        }
        Set<Integer> promotedFrom = promoted.get(rung);
        int place = promotedHead[rung];
        while (place < order.size() && promotedFrom.contains(order.get(place).trialId())) {
            place++;
        }
        promotedHead[rung] = place;
        return place;
    }

    private record Candidate(RungResult result, int rank, List<RungResult> ranked) {}

    /**
     * Records a running trial's report at its current rung; the trial then waits for promotion, or completes when
     * the rung is the top one.
     *
     * @return the completion when the rung is the top one, else nothing
     */
    public Optional<Completed> report(RungResult result) {
        Integer rung = running.get(result.trialId());
        if (rung == null || rung != result.rung()) {
            throw new ConflictException("trial " + result.trialId() + " of bracket " + index
                    + " is not running at rung " + result.rung() + (rung == null ? "" : " but at rung " + rung));
        }
        int place = placeOf(rung, result);
        running.remove(result.trialId());
        rungs.get(rung).put(result.trialId(), result);
        if (rung < resources.size() - 1) {
            return Optional.empty();
        }
        List<RungResult> order = ranked(rung);
        while (order.get(place).trialId() != result.trialId()) {
            place++;
        }
        Completed decision = new Completed(result.trialId(), index, rung, place + 1, order.size());
        tell(decision, rung, order);
        return Optional.of(decision);
    }

    /**
     * A running trial that will never report leaves the running set; its results at lower rungs stay in their
     * standings. Nothing happens for a trial that is not running.
     */
    public void drop(int trialId) {
        running.remove(trialId);
    }

    /** The rung a trial runs at now, if it runs. */
    public Optional<Integer> runningRung(int trialId) {
        return Optional.ofNullable(running.get(trialId));
    }

    /** The bracket's index s, 0 for plain ASHA. */
    public int index() {
        return index;
    }

    /** The resource of each rung, bottom first. */
    public List<Integer> resources() {
        return resources;
    }

    /** Whether some trial of this bracket is running. */
    public boolean hasRunning() {
        return !running.isEmpty();
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Ends the bracket: every trial waiting in a rung below the top, never promoted out of it, is pruned at that
     * rung, best of each rung first, lowest rung first. Only when no trial runs and none is promotable.
     */
    public List<Pruned> close() {
        requireOpen();
        if (hasRunning() || hasPromotable()) {
            throw new ConflictException("bracket " + index + " still has running or promotable trials");
        }
        closed = true;
        List<Pruned> pruned = new ArrayList<>();
        for (int rung = 0; rung < resources.size() - 1; rung++) {
            List<RungResult> order = ranked(rung);
            List<Standing> standings = listening() ? standings(rung, order) : List.of();
            for (int place = 0; place < order.size(); place++) {
                RungResult result = order.get(place);
                if (!promoted.get(rung).contains(result.trialId())) {
                    Pruned decision = new Pruned(result.trialId(), index, rung, place + 1, order.size());
                    if (listening()) {
                        listener.decided(decision, standings);
                    }
                    pruned.add(decision);
                }
            }
        }
        return pruned;
    }

    /**
     * Puts a new result in the rung's ranking: under a {@link ResultRanker.Ordered} ranker at its place, found by
     * binary search (O(log n) comparisons and one array move, where sorting the rung again cost O(n log n) per
     * report); otherwise the ranking is dropped, to be ranked again when asked for. Changes nothing when the ranker
     * cannot place the result. Returns the result's index in the ranking (0 when it is ranked later).
     */
    private int placeOf(int rung, RungResult result) {
        if (!(ranker instanceof ResultRanker.Ordered ordered)) {
            ranked.set(rung, null);
            promotedHead[rung] = 0;
            return 0;
        }
        List<RungResult> order = ranked.get(rung);
        RungResult earlier = rungs.get(rung).get(result.trialId());
        if (earlier != null) {
            order.remove(Collections.binarySearch(order, earlier, ordered.order()));
            waiting.get(rung).remove(earlier);
        }
        int at = Collections.binarySearch(order, result, ordered.order());
        int place = at >= 0 ? at : -at - 1;
        order.add(place, result);
        if (!promoted.get(rung).contains(result.trialId())) {
            waiting.get(rung).add(result);
        }
        return place;
    }

    /**
     * The rung's results best first. Kept up to date by {@link #placeOf} under an ordered ranker; otherwise ranked
     * again only after the rung changed: asking for work ranks every rung, and ranking a rung of n results costs
     * O(n log n) (more under MOASHA) while it changes only when a trial reports.
     */
    private List<RungResult> ranked(int rung) {
        if (ranked.get(rung) == null) {
            ranked.set(rung, List.copyOf(ranker.rank(List.copyOf(rungs.get(rung).values()))));
        }
        return Collections.unmodifiableList(ranked.get(rung));
    }

    /** Hands the listener the standings behind a decision, built only when someone listens. */
    private void tell(AshaDecision decision, int rung, List<RungResult> ranked) {
        if (listening()) {
            listener.decided(decision, standings(rung, ranked));
        }
    }

    private boolean listening() {
        return listener != StandingsListener.NONE;
    }

    private List<Standing> standings(int rung, List<RungResult> ranked) {
        return ranked.stream()
                .map(result -> new Standing(
                        result.trialId(), result.metrics(), promoted.get(rung).contains(result.trialId())))
                .toList();
    }

    private void requireOpen() {
        if (closed) {
            throw new ConflictException("bracket " + index + " is closed");
        }
    }
}
