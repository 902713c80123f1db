package org.ranksweep.db.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sql.Sql;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;

class JdbcSweepRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private final JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
    private final JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());
    private final TrialDriver driver = new TrialDriver(DATABASE.database());

    @Test
    void createStoresTheSweepRunningWithAllTrialsPending() {
        List<TrialConfig> configs = List.of(
                SampleTrials.config("comcat", 0.5, 1),
                SampleTrials.config("comcat", 0.25, 1),
                SampleTrials.config("head-prune", 0.5, 2));

        CreatedSweep created = sweeps.create(SampleTrials.sweep("three", configs, 3));
        StoredSweep sweep = created.sweep();

        assertThat(sweep.state()).isEqualTo(SweepState.RUNNING);
        assertThat(sweep.trialCount()).isEqualTo(3);
        assertThat(sweep.specText()).isEqualTo("name: three\n");
        assertThat(sweep.startedAt()).isNotNull();
        assertThat(sweep.endedAt()).isNull();
        assertThat(sweeps.find(sweep.id())).contains(sweep);
        List<StoredTrial> stored = trials.listBySweep(sweep.id());
        assertThat(stored).extracting(StoredTrial::index).containsExactly(0, 1, 2);
        assertThat(created.trialIds())
                .containsExactlyElementsOf(stored.stream().map(StoredTrial::id).toList());
        assertThat(stored).extracting(StoredTrial::config).containsExactlyElementsOf(configs);
        assertThat(stored).allSatisfy(trial -> {
            assertThat(trial.state()).isEqualTo(TrialState.PENDING);
            assertThat(trial.attemptCount()).isZero();
            assertThat(trial.maxAttempts()).isEqualTo(3);
            assertThat(trial.sweepId()).isEqualTo(sweep.id());
            assertThat(trial.contentHash()).isEqualTo(SampleTrials.contentHash(trial.config()));
        });
    }

    @Test
    void createdTrialIdsFollowThePlanOrderNotTheIndexOrder() {
        TrialConfig first = SampleTrials.config("comcat", 0.5, 21);
        TrialConfig second = SampleTrials.config("comcat", 0.5, 22);
        NewSweep reversed = new NewSweep(
                "reversed", "x", "{}", List.of(SampleTrials.trial(1, first), SampleTrials.trial(0, second)), 1);

        CreatedSweep created = sweeps.create(reversed);

        assertThat(created.trialIds())
                .extracting(id -> trials.find(id).orElseThrow().config())
                .containsExactly(first, second);
    }

    @Test
    void trialConfigSurvivesTheJsonbColumnUnchanged() {
        TrialConfig withRanks = SampleTrials.config("svd-matrix", null, 9_007_199_254_740_993L);
        TrialConfig withBudget = SampleTrials.config("comcat", 0.1 + 0.2, 7);
        StoredSweep sweep = sweeps.create(SampleTrials.sweep("json", List.of(withRanks, withBudget), 1))
                .sweep();

        List<StoredTrial> stored = trials.listBySweep(sweep.id());

        assertThat(stored.get(0).config()).isEqualTo(withRanks);
        assertThat(stored.get(1).config()).isEqualTo(withBudget);
        assertThat(stored.get(1).config().budget()).isEqualTo(0.30000000000000004);
        assertThat(Json.write(stored.get(0).config())).isEqualTo(Json.write(withRanks));
    }

    @Test
    void failingTrialInsertLeavesNoSweepRow() {
        TrialConfig config = SampleTrials.config("comcat", 0.5, 1);
        NewSweep duplicateIndex = new NewSweep(
                "atomic-duplicate",
                "x",
                "{}",
                List.of(SampleTrials.trial(0, config), SampleTrials.trial(0, config)),
                1);
        NewSweep badHash = new NewSweep(
                "atomic-hash",
                "x",
                "{}",
                List.of(SampleTrials.trial(0, config), new NewTrial(1, "l", "comcat", config, "not-a-hash")),
                1);

        assertThatThrownBy(() -> sweeps.create(duplicateIndex))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("trials_sweep_index_unique");
        assertThatThrownBy(() -> sweeps.create(badHash))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("trials_content_hash_check");

        assertThat(countSweepsNamed("atomic-duplicate") + countSweepsNamed("atomic-hash"))
                .isZero();
    }

    @Test
    void listPagesNewestFirst() {
        StoredSweep first =
                sweeps.create(SampleTrials.sweep("page-1", List.of(), 1)).sweep();
        StoredSweep second =
                sweeps.create(SampleTrials.sweep("page-2", List.of(), 1)).sweep();
        StoredSweep third =
                sweeps.create(SampleTrials.sweep("page-3", List.of(), 1)).sweep();

        assertThat(sweeps.list(2, 0)).extracting(StoredSweep::id).containsExactly(third.id(), second.id());
        assertThat(sweeps.list(2, 1)).extracting(StoredSweep::id).containsExactly(second.id(), first.id());
        assertThatThrownBy(() -> sweeps.list(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markStateSetsEndedAtForTerminalStatesAndClearsItForRunning() {
        StoredSweep sweep =
                sweeps.create(SampleTrials.sweep("marks", List.of(), 1)).sweep();

        sweeps.markState(sweep.id(), SweepState.COMPLETED);
        StoredSweep completed = sweeps.find(sweep.id()).orElseThrow();
        sweeps.markState(sweep.id(), SweepState.RUNNING);
        StoredSweep reopened = sweeps.find(sweep.id()).orElseThrow();

        assertThat(completed.state()).isEqualTo(SweepState.COMPLETED);
        assertThat(completed.endedAt()).isAfterOrEqualTo(completed.startedAt());
        assertThat(completed.startedAt()).isEqualTo(sweep.startedAt());
        assertThat(reopened.state()).isEqualTo(SweepState.RUNNING);
        assertThat(reopened.endedAt()).isNull();
        assertThatThrownBy(() -> sweeps.markState(new SweepId(987_654), SweepState.FAILED))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("987654");
    }

    @Test
    void countUnfinishedCountsRunningSweepsOnly() {
        int before = sweeps.countUnfinished();
        StoredSweep running =
                sweeps.create(SampleTrials.sweep("unfinished-1", List.of(), 1)).sweep();
        StoredSweep ended =
                sweeps.create(SampleTrials.sweep("unfinished-2", List.of(), 1)).sweep();
        assertThat(sweeps.countUnfinished()).isEqualTo(before + 2);

        sweeps.markState(ended.id(), SweepState.CANCELLED);
        assertThat(sweeps.countUnfinished()).isEqualTo(before + 1);
        sweeps.markState(running.id(), SweepState.COMPLETED);
        assertThat(sweeps.countUnfinished()).isEqualTo(before);
    }

    @Test
    void transitionChangesStateOnlyFromTheExpectedOne() {
        StoredSweep sweep =
                sweeps.create(SampleTrials.sweep("cas", List.of(), 1)).sweep();

        assertThat(sweeps.transition(sweep.id(), SweepState.RUNNING, SweepState.CANCELLED))
                .isTrue();
        assertThat(sweeps.transition(sweep.id(), SweepState.RUNNING, SweepState.COMPLETED))
                .isFalse();

        assertThat(sweeps.find(sweep.id()).orElseThrow().state()).isEqualTo(SweepState.CANCELLED);
    }

    @Test
    void progressCountsTrialsPerState() {
        List<TrialConfig> configs = List.of(
                SampleTrials.config("comcat", 0.5, 1),
                SampleTrials.config("comcat", 0.5, 2),
                SampleTrials.config("comcat", 0.5, 3),
                SampleTrials.config("comcat", 0.5, 4));
        StoredSweep sweep =
                sweeps.create(SampleTrials.sweep("progress", configs, 1)).sweep();
        List<StoredTrial> stored = trials.listBySweep(sweep.id());
        driver.apply(stored.get(0).id(), new LifecycleEvent.Enqueued());
        driver.apply(stored.get(1).id(), new LifecycleEvent.Cancelled("sweep cancelled"));

        SweepProgress progress = sweeps.progress(sweep.id());

        assertThat(progress.trialCount()).isEqualTo(4);
        assertThat(progress.counts())
                .containsEntry(TrialState.PENDING, 2)
                .containsEntry(TrialState.QUEUED, 1)
                .containsEntry(TrialState.CANCELLED, 1)
                .containsEntry(TrialState.COMPLETED, 0)
                .hasSize(TrialState.values().length);
        assertThat(progress.terminalCount()).isEqualTo(1);
        assertThat(progress.allTerminal()).isFalse();
    }

    @Test
    void aSweepHasUnfinishedTrialsUntilEveryTrialIsTerminal() {
        List<TrialConfig> configs =
                List.of(SampleTrials.config("comcat", 0.5, 1), SampleTrials.config("comcat", 0.5, 2));
        StoredSweep sweep =
                sweeps.create(SampleTrials.sweep("unfinished", configs, 1)).sweep();
        List<StoredTrial> stored = trials.listBySweep(sweep.id());

        driver.apply(stored.get(0).id(), new LifecycleEvent.Cancelled("sweep cancelled"));
        assertThat(sweeps.hasUnfinishedTrials(sweep.id())).isTrue();
        driver.apply(stored.get(1).id(), new LifecycleEvent.Enqueued(), new LifecycleEvent.StartClaimed(1, "w"));
        assertThat(sweeps.hasUnfinishedTrials(sweep.id())).isTrue();
        driver.apply(stored.get(1).id(), new LifecycleEvent.AttemptFailed(1, false, "bad dataset path"));
        assertThat(sweeps.hasUnfinishedTrials(sweep.id())).isFalse();
        assertThat(sweeps.progress(sweep.id()).allTerminal()).isTrue();
    }

    @Test
    void specJsonIsKeptAsParsedJson() {
        StoredSweep sweep = sweeps.create(
                        new NewSweep("spec", "name: spec", "{\"name\": \"spec\", \"n\": 2}", List.of(), 1))
                .sweep();

        @SuppressWarnings("unchecked")
        Map<String, Object> spec = Json.read(sweeps.specJson(sweep.id()).orElseThrow(), Map.class);

        assertThat(spec).containsEntry("name", "spec").containsEntry("n", 2);
    }

    private static int countSweepsNamed(String name) {
        return DATABASE.database().withConnection(connection -> {
            try (var query = connection.prepareStatement("SELECT count(*) FROM sweeps WHERE name = ?")) {
                query.setString(1, name);
                return Sql.optional(query, row -> row.getInt(1)).orElseThrow();
            }
        });
    }
}
