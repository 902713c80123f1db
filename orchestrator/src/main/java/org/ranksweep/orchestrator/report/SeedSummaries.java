package org.ranksweep.orchestrator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Groups leaderboard entries by sweep, label and budget and summarises each group over its seeds, and decides which
 * points are within noise of each other. Every seed of a sweep trains its own base model and all of that seed's
 * trials start from it, so two points are compared seed by seed: the 95 % interval of their per-seed top-1
 * differences. Stateless.
 */
public final class SeedSummaries {

    private SeedSummaries() {}

    /** One summary per (sweep, label, budget) in the entries' order of first appearance. */
    public static List<SeedSummary> of(List<LeaderboardEntry> entries) {
        Map<String, List<LeaderboardEntry>> groups = new LinkedHashMap<>();
        for (LeaderboardEntry entry : entries) {
            groups.computeIfAbsent(
                            entry.sweepId() + "/" + entry.label() + "/" + entry.budget(), key -> new ArrayList<>())
                    .add(entry);
        }
        List<SeedSummary> summaries =
                groups.values().stream().map(SeedSummaries::summarise).toList();
        return summaries.stream().map(summary -> withNoise(summary, summaries)).toList();
    }

    /**
     * The interval of {@code a}'s top-1 minus {@code b}'s over the seeds both completed, or null when they share
     * fewer than two (no paired interval then).
     */
    public static Interval pairedDifference(SeedSummary a, SeedSummary b) {
        List<Double> differences = a.top1BySeed().entrySet().stream()
                .filter(seed -> b.top1BySeed().containsKey(seed.getKey()))
                .map(seed -> seed.getValue() - b.top1BySeed().get(seed.getKey()))
                .toList();
        return differences.size() < 2 ? null : Interval.of(differences);
    }

    /**
     * Whether no ordering of two points can be claimed: the interval of their paired per-seed differences contains
     * zero; for points sharing fewer than two completed seeds, their top-1 intervals overlap (or either has none).
     */
    public static boolean withinNoise(SeedSummary a, SeedSummary b) {
        if (a.top1() == null || b.top1() == null) {
            return true;
        }
        Interval paired = pairedDifference(a, b);
        return paired == null ? a.top1().overlaps(b.top1()) : !paired.excludesZero();
    }

    private static SeedSummary summarise(List<LeaderboardEntry> group) {
        LeaderboardEntry first = group.get(0);
        List<LeaderboardEntry> done =
                group.stream().filter(entry -> entry.top1() != null).toList();
        Map<String, Object> ranks =
                done.stream().map(LeaderboardEntry::ranks).distinct().count() == 1
                        ? done.get(0).ranks()
                        : null;
        Map<Long, Double> top1BySeed = new TreeMap<>();
        done.forEach(entry -> top1BySeed.put(entry.seed(), entry.top1()));
        return new SeedSummary(
                first.sweepId(),
                first.label(),
                first.method(),
                first.budget(),
                group.size(),
                done.size(),
                interval(done, LeaderboardEntry::top1),
                interval(done, LeaderboardEntry::deltaTop1VsDenseFt),
                interval(done, LeaderboardEntry::deltaTop1VsDense),
                mean(
                        done,
                        entry -> entry.params() == null ? null : entry.params().doubleValue()),
                mean(done, entry -> entry.macs() == null ? null : entry.macs().doubleValue()),
                ranks,
                top1BySeed,
                List.of());
    }

    private static SeedSummary withNoise(SeedSummary summary, List<SeedSummary> all) {
        if (summary.top1() == null) {
            return summary;
        }
        List<String> overlapping = all.stream()
                .filter(other -> other != summary
                        && other.sweepId() == summary.sweepId()
                        && other.top1() != null
                        && withinNoise(summary, other))
                .map(SeedSummary::point)
                .toList();
        return new SeedSummary(
                summary.sweepId(),
                summary.label(),
                summary.method(),
                summary.budget(),
                summary.trials(),
                summary.completed(),
                summary.top1(),
                summary.deltaVsDenseFt(),
                summary.deltaVsDense(),
                summary.params(),
                summary.macs(),
                summary.ranks(),
                summary.top1BySeed(),
                overlapping);
    }

    private static Interval interval(List<LeaderboardEntry> entries, Function<LeaderboardEntry, Double> value) {
        List<Double> values =
                entries.stream().map(value).filter(Objects::nonNull).toList();
        return values.isEmpty() ? null : Interval.of(values);
    }

    private static Double mean(List<LeaderboardEntry> entries, Function<LeaderboardEntry, Double> value) {
        Interval interval = interval(entries, value);
        return interval == null ? null : interval.mean();
    }
}
