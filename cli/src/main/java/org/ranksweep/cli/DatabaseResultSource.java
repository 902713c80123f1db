package org.ranksweep.cli;

import java.util.List;
import java.util.Optional;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.Reports;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialDetail;
import org.ranksweep.orchestrator.report.TrialView;

/**
 * A {@link ResultSource} reading PostgreSQL directly through the orchestrator's {@link Reports}, so its records are
 * the ones the API serves. Closing it closes the database (and the embedded server, if it started one). Not
 * thread-safe.
 */
final class DatabaseResultSource implements ResultSource {

    private static final int SWEEP_SCAN_LIMIT = 1000;
    private final DatabaseOptions.Opened opened;
    private final Reports reports;

    DatabaseResultSource(DatabaseOptions.Opened opened) {
        this.opened = opened;
        var database = opened.database();
        this.reports = new Reports(
                new JdbcSweepRepository(database),
                new JdbcTrialRepository(database),
                new JdbcLeaderboardRepository(database),
                new JdbcBaselineRepository(database),
                new JdbcSchedulerEventRepository(database));
    }

    @Override
    public SweepView sweep(long sweepId) {
        return reports.sweep(new SweepId(sweepId));
    }

    @Override
    public Optional<SweepView> latestSweepNamed(String name) {
        return reports.sweeps(SWEEP_SCAN_LIMIT, 0).stream()
                .filter(sweep -> name.equals(sweep.name()))
                .findFirst();
    }

    @Override
    public List<TrialView> trials(long sweepId) {
        return reports.trials(new SweepId(sweepId));
    }

    @Override
    public TrialDetail trial(long trialId) {
        return reports.trial(new TrialId(trialId));
    }

    @Override
    public CustomizationView customization(long sweepId) {
        return reports.customization(new SweepId(sweepId));
    }

    @Override
    public List<Baseline> baselines(String model) {
        return reports.baselines(model);
    }

    @Override
    public void close() {
        opened.close();
    }
}
