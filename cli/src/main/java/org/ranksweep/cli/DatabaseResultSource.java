package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.orchestrator.report.Reports;

/**
 * A {@link ResultSource} reading PostgreSQL directly through the orchestrator's {@link Reports}, so its JSON is the
 * API's. Closing it closes the database (and the embedded server, if it started one). Not thread-safe.
 */
final class DatabaseResultSource implements ResultSource {

    private static final int SWEEP_SCAN_LIMIT = 1000;
    private final DatabaseOptions.Opened opened;
    private final Reports reports;

    DatabaseResultSource(DatabaseOptions.Opened opened) {
        this.opened = opened;
        var database = opened.database();
        this.reports = new Reports(new JdbcSweepRepository(database), new JdbcTrialRepository(database),
                new JdbcLeaderboardRepository(database), new JdbcBaselineRepository(database));
    }

    @Override
    public JsonNode sweep(long sweepId) {
        return tree(reports.sweep(new SweepId(sweepId)));
    }

    @Override
    public Optional<JsonNode> latestSweepNamed(String name) {
        return reports.sweeps(SWEEP_SCAN_LIMIT, 0).stream().filter(sweep -> name.equals(sweep.name()))
                .findFirst().map(DatabaseResultSource::tree);
    }

    @Override
    public List<JsonNode> trials(long sweepId) {
        return reports.trials(new SweepId(sweepId)).stream().map(DatabaseResultSource::tree).toList();
    }

    @Override
    public JsonNode trial(long trialId) {
        return tree(reports.trial(new TrialId(trialId)));
    }

    @Override
    public List<JsonNode> baselines(String model) {
        return reports.baselines(model).stream().map(DatabaseResultSource::tree).toList();
    }

    private static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    @Override
    public void close() {
        opened.close();
    }
}
