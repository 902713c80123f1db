package org.ranksweep.orchestrator.report;

import java.util.List;

/**
 * One page of a sweep's trial table. Immutable and thread-safe.
 *
 * @param trials the page's trials as served by {@code GET /api/v1/sweeps/{id}/trials}
 * @param total  trials matching the filter on all pages
 */
public record TrialPageView(List<TrialView> trials, int total) {

    public TrialPageView {
        trials = List.copyOf(trials);
    }
}
