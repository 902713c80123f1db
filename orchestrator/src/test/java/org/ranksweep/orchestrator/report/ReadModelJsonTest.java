package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.TrialPageQuery;
import org.ranksweep.db.trial.TrialSort;
import org.ranksweep.orchestrator.testing.SeedTrial;
import org.ranksweep.orchestrator.testing.TrialSeeder;

/**
 * Pins the JSON text of the sweep and trial views, as the API serves it and the dashboard and the CLI read it:
 * keys in sorted order, nulls where a value is missing, and no result columns before a trial has a result.
 * {@code {{key}}} stands for the value the database chose (ids, timestamps, hashes) or a nested record whose JSON
 * other tests pin.
 */
class ReadModelJsonTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern TIMESTAMP =
            Pattern.compile("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\"");

    private static final String SWEEP =
            "{\"counts\":{\"PENDING\":1,\"QUEUED\":0,\"RUNNING\":0,\"PAUSED\":0,\"COMPLETED\":2,"
                    + "\"FAILED\":0,\"PRUNED\":0,\"CANCELLED\":0},\"createdAt\":{{createdAt}},\"customization\":false,"
                    + "\"done\":2,\"endedAt\":null,\"etaSeconds\":{{etaSeconds}},\"id\":{{id}},\"name\":\"pinned\",\"scheduler\":null,\"startedAt\":{{startedAt}},"
                    + "\"state\":\"RUNNING\",\"trialCount\":3}";
    private static final String DENSE = "{\"attempts\":1,\"budget\":null,\"contentHash\":{{contentHash}},"
            + "\"createdAt\":{{createdAt}},\"deltaTop1VsDense\":0.0,\"deltaTop1VsDenseFt\":null,"
            + "\"endedAt\":{{endedAt}},\"id\":{{id}},\"index\":0,\"label\":\"dense\",\"latencyMs\":3.0,\"macs\":300,"
            + "\"maxAttempts\":3,\"method\":\"dense\",\"params\":2000000,\"ranks\":{},\"reason\":null,\"seed\":0,"
            + "\"speedupVsDense\":1.0,\"startedAt\":{{startedAt}},\"state\":\"COMPLETED\",\"sweepId\":{{sweepId}},"
            + "\"top1\":0.75}";
    private static final String COMCAT = "{\"attempts\":1,\"budget\":0.5,\"contentHash\":{{contentHash}},"
            + "\"createdAt\":{{createdAt}},\"deltaTop1VsDense\":-0.25,\"deltaTop1VsDenseFt\":null,"
            + "\"endedAt\":{{endedAt}},\"id\":{{id}},\"index\":1,\"label\":\"comcat-0.5\",\"latencyMs\":2.0,"
            + "\"macs\":200,\"maxAttempts\":3,\"method\":\"comcat\",\"params\":1000000,"
            + "\"ranks\":{\"qk\":[8,4],\"vo\":[6,2]},\"reason\":null,\"seed\":0,\"speedupVsDense\":1.5,"
            + "\"startedAt\":{{startedAt}},\"state\":\"COMPLETED\",\"sweepId\":{{sweepId}},\"top1\":0.5}";
    private static final String PENDING = "{\"attempts\":0,\"budget\":0.25,\"contentHash\":{{contentHash}},"
            + "\"createdAt\":{{createdAt}},\"endedAt\":null,\"id\":{{id}},\"index\":2,\"label\":\"comcat-0.25\","
            + "\"maxAttempts\":3,\"method\":\"comcat\",\"reason\":null,\"seed\":0,\"startedAt\":null,"
            + "\"state\":\"PENDING\",\"sweepId\":{{sweepId}}}";
    private static final String COMCAT_DETAIL = "{\"attemptHistory\":{{attemptHistory}},\"attempts\":1,"
            + "\"budget\":0.5,\"config\":{{config}},\"contentHash\":{{contentHash}},\"createdAt\":{{createdAt}},"
            + "\"deltaTop1VsDense\":-0.25,\"deltaTop1VsDenseFt\":null,\"endedAt\":{{endedAt}},\"id\":{{id}},"
            + "\"index\":1,\"label\":\"comcat-0.5\",\"latencyMs\":2.0,\"macs\":200,\"maxAttempts\":3,"
            + "\"method\":\"comcat\",\"metrics\":[],\"params\":1000000,\"ranks\":{\"qk\":[8,4],\"vo\":[6,2]},"
            + "\"reason\":null,\"result\":{{result}},\"reusedFromTrialId\":null,\"seed\":0,\"speedupVsDense\":1.5,"
            + "\"startedAt\":{{startedAt}},\"state\":\"COMPLETED\",\"sweepId\":{{sweepId}},\"top1\":0.5}";
    private static final String PENDING_DETAIL = "{\"attemptHistory\":[],\"attempts\":0,\"budget\":0.25,"
            + "\"config\":{{config}},\"contentHash\":{{contentHash}},\"createdAt\":{{createdAt}},\"endedAt\":null,"
            + "\"id\":{{id}},\"index\":2,\"label\":\"comcat-0.25\",\"maxAttempts\":3,\"method\":\"comcat\","
            + "\"metrics\":[],\"reason\":null,\"result\":null,\"reusedFromTrialId\":null,\"seed\":0,"
            + "\"startedAt\":null,\"state\":\"PENDING\",\"sweepId\":{{sweepId}}}";

    private static Database database;
    private static Reports reports;
    private static SweepId sweepId;

    @BeforeAll
    static void seed() {
        database = TestDatabases.openNewDatabase("read-model-json");
        reports = new Reports(
                new JdbcSweepRepository(database),
                new JdbcTrialRepository(database),
                new JdbcLeaderboardRepository(database),
                new JdbcBaselineRepository(database),
                new JdbcSchedulerEventRepository(database));
        sweepId = new TrialSeeder(database)
                .seed(
                        "pinned",
                        "synthetic",
                        "vit-tiny-fmnist",
                        List.of(
                                SeedTrial.completed("dense", null, 0, 0.75, 2_000_000, 300),
                                SeedTrial.completed("comcat", 0.5, 0, 0.5, 1_000_000, 200)
                                        .withRanks(List.of(8, 4), List.of(6, 2)),
                                SeedTrial.pending("comcat", 0.25, 0)));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void sweepViewKeepsItsKeysInSortedOrderWithNullsForWhatHasNotHappened() {
        assertPinned(Json.write(reports.sweep(sweepId)), SWEEP);
        assertPinned(Json.write(reports.sweeps(10, 0)), List.of(SWEEP));
    }

    @Test
    void trialViewsCarryResultColumnsOnlyOnceATrialHasAResult() {
        List<String> trials = List.of(DENSE, COMCAT, PENDING);
        assertPinned(Json.write(reports.trials(sweepId)), trials);
        TrialPageQuery all = new TrialPageQuery(sweepId, null, null, TrialSort.INDEX, false, 10, 0);
        assertPinned(Json.write(reports.trialPage(all).trials()), trials);
    }

    @Test
    void trialDetailIsTheTrialViewWithConfigurationAttemptsMetricsAndResultInOneFlatObject() {
        JsonNode trials = Json.read(Json.write(reports.trials(sweepId)), JsonNode.class);
        assertPinned(
                Json.write(reports.trial(new TrialId(trials.get(1).get("id").asLong()))), COMCAT_DETAIL);
        assertPinned(
                Json.write(reports.trial(new TrialId(trials.get(2).get("id").asLong()))), PENDING_DETAIL);
    }

    /** The actual text equals the template with each placeholder replaced by the actual value under that key. */
    private static void assertPinned(String actual, String template) {
        assertThat(actual).isEqualTo(filled(template, Json.read(actual, JsonNode.class)));
    }

    /** As {@link #assertPinned(String, String)} for a JSON array, one template per element. */
    private static void assertPinned(String actual, List<String> templates) {
        JsonNode array = Json.read(actual, JsonNode.class);
        assertThat(array).hasSize(templates.size());
        StringBuilder expected = new StringBuilder("[");
        for (int index = 0; index < templates.size(); index++) {
            expected.append(index == 0 ? "" : ",").append(filled(templates.get(index), array.get(index)));
        }
        assertThat(actual).isEqualTo(expected.append("]").toString());
    }

    private static String filled(String template, JsonNode actual) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String key = placeholder.group(1);
            assertThat(actual.has(key)).as("key %s in %s", key, actual).isTrue();
            String value = actual.get(key).toString();
            if (key.endsWith("At")) {
                assertThat(value).matches(TIMESTAMP);
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }
}
