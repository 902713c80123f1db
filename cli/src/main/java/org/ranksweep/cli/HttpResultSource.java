package org.ranksweep.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialDetail;
import org.ranksweep.orchestrator.report.TrialView;

/** A {@link ResultSource} over the orchestrator's HTTP API. Not thread-safe. */
final class HttpResultSource implements ResultSource {

    private static final int SWEEP_SCAN_LIMIT = 1000;
    private final ApiClient client;

    HttpResultSource(ApiClient client) {
        this.client = client;
    }

    @Override
    public SweepView sweep(long sweepId) {
        return client.get("api/v1/sweeps/" + sweepId, SweepView.class);
    }

    @Override
    public Optional<SweepView> latestSweepNamed(String name) {
        return client.getList("api/v1/sweeps?limit=" + SWEEP_SCAN_LIMIT, SweepView.class).stream()
                .filter(sweep -> name.equals(sweep.name()))
                .findFirst();
    }

    @Override
    public List<TrialView> trials(long sweepId) {
        return client.getList("api/v1/sweeps/" + sweepId + "/trials", TrialView.class);
    }

    @Override
    public TrialDetail trial(long trialId) {
        return client.get("api/v1/trials/" + trialId, TrialDetail.class);
    }

    @Override
    public CustomizationView customization(long sweepId) {
        return client.get("api/v1/sweeps/" + sweepId + "/customization", CustomizationView.class);
    }

    @Override
    public List<Baseline> baselines(String model) {
        return client.getList(
                "api/v1/baselines"
                        + (model == null ? "" : "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)),
                Baseline.class);
    }

    @Override
    public void close() {
        // HTTP requests hold nothing open between calls.
    }
}
