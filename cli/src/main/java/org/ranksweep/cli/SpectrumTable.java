package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.db.trial.StoredMetric;

/**
 * Prints a base model's attention spectrum from a trial's {@code spectrum} metrics: per block the energy ranks that
 * hold 90 % (and 99 %) of the squared singular values of the per-head products W_Q·W_Kᵀ and W_V·W_O (mean over
 * heads) and of the whole projections. Low ranks mean the trained attention is compressible.
 */
final class SpectrumTable {

    private static final String FORMAT = "  %-6s %12s %12s %12s %12s %12s %12s%n";

    private SpectrumTable() {}

    /** Prints the table for one seed's base model; returns false (printing nothing) when there are no metrics. */
    static boolean print(long seed, List<StoredMetric> metrics, PrintStream out) {
        Map<Integer, Map<String, Double>> blocks = new TreeMap<>();
        Map<String, Double> whole = new TreeMap<>();
        for (StoredMetric stored : metrics) {
            TrialMetric metric = stored.metric();
            if (!"spectrum".equals(metric.phase())) {
                continue;
            }
            String key = metric.split() + "." + metric.name();
            (metric.epoch() == 0 ? whole : blocks.computeIfAbsent(metric.epoch(), block -> new TreeMap<>()))
                    .put(key, metric.value());
        }
        if (blocks.isEmpty()) {
            return false;
        }
        Double headWidth = whole.get("all.headWidth");
        out.printf(
                "Base model spectrum (seed %d): ranks holding 90 %% (99 %%) of the energy; per-head products out of"
                        + " d_h = %s, whole projections out of d%n",
                seed, headWidth == null ? "?" : Math.round(headWidth));
        out.printf(FORMAT, "BLOCK", "QK/HEAD", "VO/HEAD", "W_Q", "W_K", "W_V", "W_O");
        blocks.forEach((block, values) -> out.printf(
                FORMAT,
                block,
                cell(values, "qk"),
                cell(values, "vo"),
                cell(values, "q"),
                cell(values, "k"),
                cell(values, "v"),
                cell(values, "o")));
        out.printf(
                "  mean per-head rank for 90 %%: QK %s, VO %s (trained attention is low rank; a random product"
                        + " needs about 70 %% of d_h)%n",
                number(whole.get("qk.rank90")), number(whole.get("vo.rank90")));
        return true;
    }

    private static String cell(Map<String, Double> values, String split) {
        return number(values.get(split + ".rank90")) + " (" + number(values.get(split + ".rank99")) + ")";
    }

    private static String number(Double value) {
        if (value == null) {
            return "-";
        }
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format("%.1f", value);
    }
}
