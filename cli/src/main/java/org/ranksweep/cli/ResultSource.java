package org.ranksweep.cli;

import java.util.List;
import java.util.Optional;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialDetail;
import org.ranksweep.orchestrator.report.TrialView;

/**
 * Where {@code report} and {@code export} read sweeps, trials and published rows: the orchestrator's HTTP API or
 * PostgreSQL directly. Both give the same records (the API's read models). Not thread-safe; close it when done.
 */
interface ResultSource extends AutoCloseable {

    /** The sweep; NotFoundException when absent. */
    SweepView sweep(long sweepId);

    /** The newest sweep with this spec name. */
    Optional<SweepView> latestSweepNamed(String name);

    /** Every trial of the sweep in plan order, with result columns when completed. */
    List<TrialView> trials(long sweepId);

    /** One trial with its configuration and result; NotFoundException when absent. */
    TrialDetail trial(long trialId);

    /** A customization sweep per method and rank, and its trials; NotFoundException when the sweep is absent. */
    CustomizationView customization(long sweepId);

    /** Published rows for a model (all when null). */
    List<Baseline> baselines(String model);

    @Override
    void close();
}
