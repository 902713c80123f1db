package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.trial.StoredAttempt;
import org.ranksweep.db.trial.StoredMetric;

/** The records the dashboard API serves survive a JSON round trip, fractional and null values included. */
class ReportJsonTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    @Test
    void paretoViewRoundTrips() {
        ParetoView view = new ParetoView(
                3,
                "imagenet-1k",
                "deit-small",
                List.of(
                        new ParetoPoint(11, "comcat-0.5", "comcat", 0.5, 14_000_000, 3_000_000_000L, 0.79, true, false),
                        new ParetoPoint(12, "dense", "dense", null, 22_100_000, 4_600_000_000L, 0.798, true, true)),
                new HypervolumeSeries(
                        List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN)),
                        Map.of("top1", 0.0, "params", 22_100_000.0),
                        "dense",
                        List.of(
                                new HypervolumeSeries.Point(12, "dense", CREATED, 0.0),
                                new HypervolumeSeries.Point(11, "comcat-0.5", CREATED.plusSeconds(5), 6_478_000.0))));
        assertThat(Json.read(Json.write(view), ParetoView.class)).isEqualTo(view);
    }

    @Test
    void schedulerViewRoundTrips() {
        List<SchedulerView.StandingEntry> standings = List.of(
                new SchedulerView.StandingEntry(21, "comcat-0.5", 0, Map.of("top1", 0.5), true),
                new SchedulerView.StandingEntry(22, "comcat-0.25", 1, Map.of("top1", 0.25), false));
        SchedulerView view = new SchedulerView(
                3,
                "asha",
                "finetune.epochs",
                1,
                3,
                3,
                List.of(new Objective("top1", Goal.MAX)),
                List.of("params <= 200000.0"),
                new SchedulerView.Counts(0, 0, 1, 1),
                List.of(new SchedulerView.Bracket(
                        0,
                        List.of(1, 3),
                        List.of(
                                new SchedulerView.Rung(
                                        0,
                                        1,
                                        List.of(new SchedulerView.RungEntry(
                                                21,
                                                "comcat-0.5",
                                                0,
                                                Map.of("top1", 0.5),
                                                SchedulerView.Status.PROMOTED))),
                                new SchedulerView.Rung(1, 3, List.of())))),
                List.of(
                        new SchedulerView.Decision(
                                0, CREATED, "Started", 21, "comcat-0.5", 0, 0, 0, 1, null, List.of()),
                        new SchedulerView.Decision(
                                5, CREATED.plusSeconds(1), "Promoted", 21, "comcat-0.5", 0, 0, 1, 3, null, standings)));
        assertThat(Json.read(Json.write(view), SchedulerView.class)).isEqualTo(view);
    }

    @Test
    void bestEntryRoundTrips() {
        BestEntry entry = new BestEntry(
                "imagenet-1k",
                "deit-small",
                "comcat",
                0.25,
                2,
                7,
                1,
                "comcat-0.25",
                0.76,
                9_000_000L,
                2_000_000_000L,
                3_000_000L,
                12.5,
                Map.of("qk", List.of(8, 4), "vo", List.of(4, 2)),
                5L,
                0.798,
                0.76 - 0.798,
                1.75,
                0.76 - 0.80);
        assertThat(Json.read(Json.write(entry), BestEntry.class)).isEqualTo(entry);
    }

    @Test
    void trialPageViewRoundTripsWithAndWithoutResultColumns() {
        TrialPageView page = new TrialPageView(List.of(completed(), pending()), 20_000);
        assertThat(Json.read(Json.write(page), TrialPageView.class)).isEqualTo(page);
    }

    @Test
    void sweepViewRoundTrips() {
        SweepView sweep = new SweepView(
                new SweepId(1),
                "quickstart",
                SweepState.RUNNING,
                3,
                2,
                Map.of(TrialState.COMPLETED, 2, TrialState.QUEUED, 1),
                CREATED,
                CREATED.plusSeconds(1),
                null,
                42L,
                "asha",
                false);
        assertThat(Json.read(Json.write(sweep), SweepView.class)).isEqualTo(sweep);
    }

    @Test
    void trialDetailRoundTripsThroughItsFlatJson() {
        TrialDetail detail = new TrialDetail(
                completed(),
                SampleTrials.config("comcat", 0.5, 0),
                List.of(new StoredAttempt(
                        1,
                        "worker-1",
                        CREATED.plusSeconds(60),
                        CREATED,
                        CREATED.plusSeconds(30),
                        AttemptOutcome.SUCCEEDED,
                        null)),
                List.of(new StoredMetric(1, new TrialMetric("finetune", 1, "heldout", "top1", 0.75), CREATED)),
                SampleTrials.result(0.79, 14_000_000),
                new TrialId(2));
        assertThat(Json.read(Json.write(detail), JsonNode.class).has("trial")).isFalse();
        assertThat(Json.read(Json.write(detail), TrialDetail.class)).isEqualTo(detail);
    }

    private static TrialView completed() {
        return new TrialView(
                new TrialId(4),
                new SweepId(1),
                3,
                "comcat-0.5",
                "comcat",
                0.5,
                0,
                TrialState.COMPLETED,
                1,
                3,
                null,
                "ab".repeat(32),
                CREATED,
                CREATED.plusSeconds(1),
                CREATED.plusSeconds(90),
                0.79,
                14_000_000L,
                3_000_000_000L,
                Map.of("qk", List.of(8, 4)),
                null,
                0.79 - 0.798,
                12.5,
                1.75);
    }

    private static TrialView pending() {
        return new TrialView(
                new TrialId(5),
                new SweepId(1),
                4,
                "comcat-0.25",
                "comcat",
                0.25,
                0,
                TrialState.QUEUED,
                0,
                3,
                null,
                "cd".repeat(32),
                CREATED,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
