package org.ranksweep.core.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many trials a plan holds per method entry, and in total. Immutable; crosses HTTP as JSON.
 *
 * @param labels one count per method label, in plan order
 * @param total  trials in the plan
 */
public record PlanSummary(List<LabelCount> labels, int total) {

    public PlanSummary {
        labels = List.copyOf(labels);
    }

    /** Trials per label, in plan order. */
    public Map<String, Integer> trialsPerLabel() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        labels.forEach(count -> counts.put(count.label(), count.trials()));
        return counts;
    }

    /**
     * Trials of one method entry.
     *
     * @param label  the entry's label
     * @param method the entry's method name
     * @param trials trials planned for it (configurations × seeds)
     */
    public record LabelCount(String label, String method, int trials) {}
}
