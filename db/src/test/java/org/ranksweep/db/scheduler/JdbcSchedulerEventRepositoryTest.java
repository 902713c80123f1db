package org.ranksweep.db.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.asha.AshaConfig;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.AshaScheduler;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.asha.RungResult;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository.NewSchedulerEvent;
import org.ranksweep.db.sweep.CreatedSweep;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;

class JdbcSchedulerEventRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Instant AT = Instant.parse("2030-03-04T05:06:07.123456Z");
    private static final AshaConfig CONFIG = new AshaConfig(1, 9, 3);
    private static final ResultRanker RANKER = ResultRanker.single("top1", Goal.MAX);

    private final JdbcSchedulerEventRepository events = new JdbcSchedulerEventRepository(DATABASE.database());
    private CreatedSweep sweep;

    @BeforeEach
    void sweepOfThreeTrials() {
        DATABASE.truncateAll();
        sweep = new JdbcSweepRepository(DATABASE.database())
                .create(SampleTrials.sweep(
                        "asha",
                        List.of(
                                SampleTrials.config("comcat", 0.5, 0),
                                SampleTrials.config("comcat", 0.25, 0),
                                SampleTrials.config("comcat", 0.125, 0)),
                        3));
    }

    @Test
    void aHistoryReadBackReplaysIntoTheSameScheduler() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        for (int trial = 0; trial < 3; trial++) {
            scheduler.next();
        }
        for (int trial = 0; trial < 3; trial++) {
            scheduler.report(new RungResult(trial, 0, Map.of("top1", 0.1 * (trial + 1))));
        }
        scheduler.next();
        List<AshaEvent> history = scheduler.history();
        events.append(sweep.sweep().id(), 0, entries(history.subList(0, 4)), AT);
        events.append(sweep.sweep().id(), 4, entries(history.subList(4, history.size())), AT.plusSeconds(1));

        List<StoredSchedulerEvent> stored = events.list(sweep.sweep().id());

        assertThat(stored).extracting(StoredSchedulerEvent::event).containsExactlyElementsOf(history);
        assertThat(stored).extracting(StoredSchedulerEvent::seq).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(stored.get(4).recordedAt()).isEqualTo(AT.plusSeconds(1));
        AshaScheduler replayed = AshaScheduler.replay(
                CONFIG,
                3,
                RANKER,
                false,
                stored.stream().map(StoredSchedulerEvent::event).toList());
        assertThat(replayed.history()).isEqualTo(history);
        TrialId best = sweep.trialIds().get(2);
        assertThat(events.listByTrial(best))
                .extracting(e -> e.event().getClass().getSimpleName())
                .containsExactly("Started", "Reported", "Promoted");
    }

    @Test
    void aStoredDecisionKeepsTheTrialsRankAndRungSizeAndNoStandings() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        for (int trial = 0; trial < 3; trial++) {
            scheduler.next();
        }
        for (int trial = 0; trial < 3; trial++) {
            scheduler.report(new RungResult(trial, 0, Map.of("top1", 0.1 * (trial + 1))));
        }
        scheduler.next();
        events.append(sweep.sweep().id(), 0, entries(scheduler.history()), AT);

        JsonNode promoted = Json.read(storedJson(6), JsonNode.class);

        assertThat(promoted.path("type").asText()).isEqualTo("Promoted");
        assertThat(promoted.path("trialId").asInt()).isEqualTo(2);
        assertThat(promoted.path("rank").asInt()).isEqualTo(1);
        assertThat(promoted.path("of").asInt()).isEqualTo(3);
        assertThat(promoted.has("standings")).isFalse();
    }

    @Test
    void aDecisionStoredWithTheWholeRungsStandingsReadsAsItsPlaceAndReplays() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        for (int trial = 0; trial < 3; trial++) {
            scheduler.next();
        }
        for (int trial = 0; trial < 3; trial++) {
            scheduler.report(new RungResult(trial, 0, Map.of("top1", 0.1 * (trial + 1))));
        }
        List<AshaEvent> history = scheduler.history();
        events.append(sweep.sweep().id(), 0, entries(history), AT);
        // A promotion as stored before decisions kept only their place: the whole rung, best first.
        String old = "{\"type\": \"Promoted\", \"trialId\": 2, \"bracket\": 0, \"rung\": 1, \"resource\": 3,"
                + " \"standings\": [{\"trialId\": 2, \"metrics\": {\"top1\": 0.3}, \"promoted\": false},"
                + " {\"trialId\": 1, \"metrics\": {\"top1\": 0.2}, \"promoted\": false},"
                + " {\"trialId\": 0, \"metrics\": {\"top1\": 0.1}, \"promoted\": false}]}";
        DATABASE.database().withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scheduler_events"
                    + " (sweep_id, seq, type, trial_id, rung, event, recorded_at)"
                    + " VALUES (?, 6, 'Promoted', ?, 1, CAST(? AS jsonb), now())")) {
                insert.setLong(1, sweep.sweep().id().value());
                insert.setLong(2, sweep.trialIds().get(2).value());
                insert.setString(3, old);
                return insert.executeUpdate();
            }
        });

        List<AshaEvent> stored = events.list(sweep.sweep().id()).stream()
                .map(StoredSchedulerEvent::event)
                .toList();

        assertThat(stored.get(6)).isEqualTo(new AshaDecision.Promoted(2, 0, 1, 3, 1, 3));
        AshaScheduler replayed = AshaScheduler.replay(CONFIG, 3, RANKER, false, stored);
        scheduler.next();
        assertThat(replayed.history()).isEqualTo(scheduler.history());
    }

    private String storedJson(int seq) {
        return DATABASE.database().withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT event::text FROM scheduler_events WHERE sweep_id = ? AND seq = ?")) {
                query.setLong(1, sweep.sweep().id().value());
                query.setInt(2, seq);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }

    @Test
    void aTakenPositionIsRefusedAndNothingOfTheBatchIsStored() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        scheduler.next();
        scheduler.next();
        List<AshaEvent> history = scheduler.history();
        events.append(sweep.sweep().id(), 0, entries(history.subList(0, 1)), AT);

        assertThatThrownBy(() -> events.append(sweep.sweep().id(), 0, entries(history), AT))
                .isInstanceOf(ConflictException.class);
        assertThat(events.list(sweep.sweep().id()))
                .extracting(StoredSchedulerEvent::event)
                .containsExactly(history.get(0));
    }

    private List<NewSchedulerEvent> entries(List<AshaEvent> history) {
        return history.stream()
                .map(event -> new NewSchedulerEvent(sweep.trialIds().get(event.trialId()), event))
                .toList();
    }
}
