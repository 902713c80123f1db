package org.ranksweep.core.asha;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Goal;

/** The stored form of decisions: the decided trial's place instead of the rung's standings, and older entries. */
class AshaStoredDecisionTest {

    private static final AshaConfig CONFIG = new AshaConfig(1, 9, 3);
    private static final ResultRanker RANKER = ResultRanker.single("top1", Goal.MAX);

    @Test
    void aStoredDecisionHoldsTheTrialsRankAndRungSizeAndNoStandings() {
        AshaScheduler scheduler = finished(4, false);
        List<AshaEvent> decisions = scheduler.history().stream()
                .filter(event -> !(event instanceof AshaEvent.Reported) && !(event instanceof AshaDecision.Started))
                .toList();
        assertThat(decisions).isNotEmpty();
        for (AshaEvent decision : decisions) {
            JsonNode stored = Json.mapper().valueToTree(decision);
            assertThat(stored.has("standings")).as("%s", stored).isFalse();
            assertThat(stored.path("rank").asInt()).isPositive();
            assertThat(stored.path("rank").asInt())
                    .isLessThanOrEqualTo(stored.path("of").asInt());
            assertThat(Json.read(stored.toString(), AshaEvent.class)).isEqualTo(decision);
        }
        assertThat(Json.write(new AshaDecision.Pruned(9, 0, 0, 10, 27)))
                .isEqualTo("{\"type\":\"Pruned\",\"bracket\":0,\"of\":27,\"rank\":10,\"rung\":0,\"trialId\":9}");
    }

    @Test
    void theListenedStandingsAreTheRankedReportsBeforeEachDecisionAndPlaceTheTrialAtItsRank() {
        for (long seed = 0; seed < 10; seed++) {
            for (boolean hyperband : new boolean[] {false, true}) {
                List<AshaEvent> history = finished(seed, hyperband).history();
                List<List<Standing>> told = new ArrayList<>();
                AshaScheduler.replay(
                        CONFIG, 27, RANKER, hyperband, history, (decision, standings) -> told.add(standings));
                List<List<Standing>> expected = standingsFromReports(history);
                assertThat(told).as("seed %d hyperband %s", seed, hyperband).isEqualTo(expected);
            }
        }
    }

    @Test
    void aHistoryStoredWithFullStandingsStillReplaysAndReadsAsTheCompactForm() {
        for (boolean hyperband : new boolean[] {false, true}) {
            List<AshaEvent> history = finished(7, hyperband).history();
            List<List<Standing>> standings = standingsFromReports(history);
            List<AshaEvent> old = new ArrayList<>();
            int decision = 0;
            for (AshaEvent event : history) {
                ObjectNode json = Json.mapper().valueToTree(event);
                if (json.has("rank")) {
                    // An entry as stored before the compact form: the whole rung, no rank and no of.
                    json.remove(List.of("rank", "of"));
                    json.set("standings", Json.mapper().valueToTree(standings.get(decision++)));
                }
                old.add(Json.read(json.toString(), AshaEvent.class));
            }
            assertThat(old).isEqualTo(history);
            AshaScheduler replayed = AshaScheduler.replay(CONFIG, 27, RANKER, hyperband, old);
            assertThat(replayed.isFinished()).isTrue();
            assertThat(replayed.history()).isEqualTo(history);
        }
    }

    private static AshaScheduler finished(long seed, boolean hyperband) {
        AshaScheduler scheduler = AshaReplayTest.create(hyperband);
        List<Integer> running = new ArrayList<>();
        Random random = new Random(seed);
        while (!scheduler.isFinished()) {
            AshaReplayTest.step(scheduler, running, random);
        }
        return scheduler;
    }

    /**
     * Independently of the brackets: each promotion's, completion's and pruning's standings from the reports the
     * history holds before it, ranked, with the promotions before it; checks each decision's rank and of on the way.
     */
    private static List<List<Standing>> standingsFromReports(List<AshaEvent> history) {
        Map<Integer, Integer> bracketOf = new HashMap<>();
        Map<String, Map<Integer, RungResult>> reports = new HashMap<>();
        Set<String> promoted = new HashSet<>();
        List<List<Standing>> all = new ArrayList<>();
        for (AshaEvent event : history) {
            if (event instanceof AshaDecision.Started started) {
                bracketOf.put(started.trialId(), started.bracket());
            } else if (event instanceof AshaEvent.Reported reported) {
                RungResult result = reported.result();
                reports.computeIfAbsent(
                                bracketOf.get(result.trialId()) + "/" + result.rung(), k -> new LinkedHashMap<>())
                        .put(result.trialId(), result);
            } else if (event instanceof AshaDecision decision) {
                int rung = decision instanceof AshaDecision.Promoted p ? p.rung() - 1 : rungOf(decision);
                String key = decision.bracket() + "/" + rung;
                List<Standing> standings = RANKER
                        .rank(List.copyOf(reports.get(key).values()))
                        .stream()
                        .map(r -> new Standing(r.trialId(), r.metrics(), promoted.contains(key + "/" + r.trialId())))
                        .toList();
                List<Integer> order = standings.stream().map(Standing::trialId).toList();
                assertThat(placeOf(decision)).isEqualTo(List.of(order.indexOf(decision.trialId()) + 1, order.size()));
                all.add(standings);
                if (decision instanceof AshaDecision.Promoted) {
                    promoted.add(key + "/" + decision.trialId());
                }
            }
        }
        return all;
    }

    private static int rungOf(AshaDecision decision) {
        return decision instanceof AshaDecision.Completed c ? c.rung() : ((AshaDecision.Pruned) decision).rung();
    }

    private static List<Integer> placeOf(AshaDecision decision) {
        if (decision instanceof AshaDecision.Promoted p) {
            return List.of(p.rank(), p.of());
        }
        if (decision instanceof AshaDecision.Completed c) {
            return List.of(c.rank(), c.of());
        }
        AshaDecision.Pruned pruned = (AshaDecision.Pruned) decision;
        return List.of(pruned.rank(), pruned.of());
    }
}
