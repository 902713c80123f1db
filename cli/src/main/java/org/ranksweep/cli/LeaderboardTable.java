package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ranksweep.orchestrator.report.LeaderboardEntry;

/**
 * Prints leaderboard entries as an aligned text table, best top-1 first, unfinished trials last; trials successive
 * halving pruned are left out (they have no test result) and counted under the table.
 */
final class LeaderboardTable {

    private static final String PRUNED = "PRUNED";
    private static final int RANKS_WIDTH = 22;
    private static final int MIN_METHOD_WIDTH = 14;
    /** The METHOD column's width goes in between. */
    private static final String FORMAT = "%%-6s %%-%ds %%-7s %%-22s %%10s %%10s %%8s %%8s %%8s %%10s %%8s  %%s%%n";

    private LeaderboardTable() {}

    /** Prints the table; the METHOD column widens to the longest label ({@code comcat-auto-attention}). */
    static void print(List<LeaderboardEntry> entries, PrintStream out) {
        int methodWidth = entries.stream()
                .mapToInt(e -> String.valueOf(e.label()).length())
                .reduce(MIN_METHOD_WIDTH, Math::max);
        String format = String.format(FORMAT, methodWidth);
        out.printf(
                format, "TRIAL", "METHOD", "BUDGET", "RANKS", "PARAMS", "MACS", "TOP-1", "ΔFT", "ΔDENSE", "LAT(ms)",
                "SPEEDUP", "STATE");
        entries.stream()
                .filter(e -> !PRUNED.equals(e.state()))
                .sorted(Comparator.comparing((LeaderboardEntry e) -> e.top1() == null)
                        .thenComparing(e -> e.top1() == null ? 0 : -e.top1()))
                .forEach(e -> out.printf(
                        format,
                        e.trialId(),
                        e.label(),
                        e.budget() == null ? "-" : String.format("%.3f", e.budget()),
                        ranks(e.ranks()),
                        count(e.params()),
                        count(e.macs()),
                        e.top1() == null ? "-" : String.format("%.2f%%", 100 * e.top1()),
                        points(e.deltaTop1VsDenseFt()),
                        points(e.deltaTop1VsDense()),
                        e.latencyMs() == null ? "-" : String.format("%.2f", e.latencyMs()),
                        e.speedupVsDense() == null ? "-" : String.format("%.2fx", e.speedupVsDense()),
                        e.state() + (e.reusedFromTrialId() == null ? "" : " (reused #" + e.reusedFromTrialId() + ")")));
        long pruned = entries.stream().filter(e -> PRUNED.equals(e.state())).count();
        if (pruned > 0) {
            out.println(pruned + " trials pruned by successive halving are not ranked: they stopped at a lower rung"
                    + " without a test evaluation (listed below with the rung each reached).");
        }
        out.println("ΔFT / ΔDENSE: top-1 in percentage points vs dense-ft (the dense model fine-tuned with the same"
                + " recipe) / vs the untouched dense model, same sweep and seed; LAT = median batch-64 forward latency"
                + " (information only: it moves with the machine's load); SPEEDUP = the dense base's batch-64 time over"
                + " this trial's, timed side by side in 11 alternating rounds (median); MACs = multiply-accumulates per"
                + " image.");
    }

    /** A fraction as signed percentage points, or a dash. */
    static String points(Double fraction) {
        return fraction == null ? "-" : String.format("%+.2f", 100 * fraction);
    }

    /**
     * A compact rank description that fits the column: "qk=12 vo=12" when uniform over layers, per-layer values
     * joined by "/" otherwise ("qk=12/8/4/4"), kept heads as a count per block ("heads=3/0/2/3").
     */
    static String ranks(Map<String, ?> ranks) {
        if (ranks == null || ranks.isEmpty()) {
            return "-";
        }
        String text = new TreeMap<>(ranks)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + compact(e.getValue()))
                        .collect(Collectors.joining(" "));
        return text.length() <= RANKS_WIDTH ? text : text.substring(0, RANKS_WIDTH - 1) + "…";
    }

    private static String compact(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            return String.valueOf(value).replace(" ", "");
        }
        if (list.get(0) instanceof List<?>) {
            return list.stream()
                    .map(block -> String.valueOf(((List<?>) block).size()))
                    .collect(Collectors.joining("/"));
        }
        if (list.stream().distinct().count() == 1) {
            return String.valueOf(list.get(0));
        }
        return list.stream().map(String::valueOf).collect(Collectors.joining("/"));
    }

    static String count(Long value) {
        if (value == null) {
            return "-";
        }
        if (value >= 1_000_000_000L) {
            return String.format("%.2fG", value / 1e9);
        }
        if (value >= 1_000_000L) {
            return String.format("%.2fM", value / 1e6);
        }
        if (value >= 10_000L) {
            return String.format("%.1fK", value / 1e3);
        }
        return Long.toString(value);
    }
}
