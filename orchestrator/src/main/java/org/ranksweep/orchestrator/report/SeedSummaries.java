package org.ranksweep.orchestrator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Groups leaderboard entries by sweep, label and budget and summarises each group over its seeds. Stateless. */
public final class SeedSummaries {

    private SeedSummaries() {
    }

    /** One summary per (sweep, label, budget) in the entries' order of first appearance. */
    public static List<SeedSummary> of(List<LeaderboardEntry> entries) {
        Map<String, List<LeaderboardEntry>> groups = new LinkedHashMap<>();
        for (LeaderboardEntry entry : entries) {
            groups.computeIfAbsent(entry.sweepId() + "/" + entry.label() + "/" + entry.budget(),
                    key -> new ArrayList<>()).add(entry);
        }
        List<SeedSummary> summaries = groups.values().stream().map(SeedSummaries::summarise).toList();
        return summaries.stream().map(summary -> withNoise(summary, summaries)).toList();
    }

    private static SeedSummary summarise(List<LeaderboardEntry> group) {
        LeaderboardEntry first = group.get(0);
        List<LeaderboardEntry> done = group.stream().filter(entry -> entry.top1() != null).toList();
        Map<String, Object> ranks = done.stream().map(LeaderboardEntry::ranks).distinct().count() == 1
                ? done.get(0).ranks() : null;
        return new SeedSummary(first.sweepId(), first.label(), first.method(), first.budget(), group.size(),
                done.size(), interval(done, LeaderboardEntry::top1),
                interval(done, LeaderboardEntry::deltaTop1VsDenseFt), interval(done, LeaderboardEntry::deltaTop1VsDense),
                mean(done, entry -> entry.params() == null ? null : entry.params().doubleValue()),
                mean(done, entry -> entry.macs() == null ? null : entry.macs().doubleValue()), ranks, List.of());
    }

    private static SeedSummary withNoise(SeedSummary summary, List<SeedSummary> all) {
        if (summary.top1() == null) {
            return summary;
        }
        List<String> overlapping = all.stream()
                .filter(other -> other != summary && other.sweepId() == summary.sweepId() && other.top1() != null
                        && other.top1().overlaps(summary.top1()))
                .map(SeedSummary::point).toList();
        return new SeedSummary(summary.sweepId(), summary.label(), summary.method(), summary.budget(),
                summary.trials(), summary.completed(), summary.top1(), summary.deltaVsDenseFt(),
                summary.deltaVsDense(), summary.params(), summary.macs(), summary.ranks(), overlapping);
    }

    private static Interval interval(List<LeaderboardEntry> entries, Function<LeaderboardEntry, Double> value) {
        List<Double> values = entries.stream().map(value).filter(Objects::nonNull).toList();
        return values.isEmpty() ? null : Interval.of(values);
    }

    private static Double mean(List<LeaderboardEntry> entries, Function<LeaderboardEntry, Double> value) {
        Interval interval = interval(entries, value);
        return interval == null ? null : interval.mean();
    }
}
