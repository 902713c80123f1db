package org.ranksweep.orchestrator.report;

import java.util.List;

/**
 * A sweep's completed trials as plot points with both Pareto fronts marked. Immutable.
 *
 * @param dataset the dataset of the sweep's trials (from the first point), null when none completed
 * @param model   the model architecture of the sweep's trials, null when none completed
 * @param points  every completed trial, by trial id
 * @param hypervolume how the front under the sweep's objectives grew, one point per completed trial in completion
 *                    order (added after the other fields: clients that ignore it see the view as before)
 */
public record ParetoView(
        long sweepId, String dataset, String model, List<ParetoPoint> points, HypervolumeSeries hypervolume) {

    public ParetoView {
        points = List.copyOf(points);
    }
}
