package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.ranksweep.core.method.Methods;
import org.ranksweep.orchestrator.report.Interval;

/**
 * Puts our trials next to the published rows of the same model. A published row of a method RankSweep runs
 * ({@code dense}; {@code comcat}, reproduced by our {@code comcat} and {@code comcat-auto}) is paired with one
 * completed trial of that method (an entry labelled with its method name before relabelled variants, then the best
 * top-1): "reproduced" when the top-1 difference is within the tolerance, "not reproduced"
 * otherwise. When that trial's point (label and budget) ran with several seeds, our top-1 is their mean with a 95 %
 * interval, and "reproduced" means the published top-1 lies within the interval widened by the tolerance; "not run yet" when no such trial has completed. Published rows of methods we do not run (other pruning
 * papers) are "published only". Our trials that no published row claims follow with their own status. Stateless.
 */
final class PaperTable {

    static final String REPRODUCED = "reproduced";
    static final String NOT_REPRODUCED = "not reproduced";
    static final String NOT_RUN_YET = "not run yet";
    static final String PUBLISHED_ONLY = "published only";
    static final String MEASURED = "measured (no published row)";

    private PaperTable() {
    }

    /** A method planned in a spec that has not been submitted yet. */
    record Planned(String method, String label) {
    }

    /** Our method's published counterpart, or null when no published row can be reproduced by it. */
    static String publishedMethod(String method) {
        if (method.equals(Methods.DENSE.name())) {
            return Methods.DENSE.name();
        }
        boolean comcat = method.equals(Methods.COMCAT.name()) || method.equals(Methods.COMCAT_AUTO.name());
        return comcat ? Methods.COMCAT.name() : null;
    }

    static List<TableRow> rows(List<JsonNode> trials, List<Planned> planned, List<JsonNode> baselines,
                               double tolerancePoints) {
        List<TableRow> rows = new ArrayList<>();
        Set<Long> paired = new HashSet<>();
        Set<String> plannedPaired = new HashSet<>();
        for (JsonNode published : baselines) {
            String method = published.path("method").asText();
            JsonNode best = null;
            for (JsonNode trial : trials) {
                if (method.equals(publishedMethod(trial.path("method").asText())) && completed(trial)
                        && (best == null || preferred(trial, best))) {
                    best = trial;
                }
            }
            if (best == null) {
                String status = method.equals(publishedMethod(method)) ? NOT_RUN_YET : PUBLISHED_ONLY;
                Planned plan = planned.stream().filter(p -> method.equals(publishedMethod(p.method())))
                        .filter(p -> !plannedPaired.contains(p.label()))
                        .min((a, b) -> Boolean.compare(!a.label().equals(a.method()), !b.label().equals(b.method())))
                        .orElse(null);
                if (plan != null) {
                    plannedPaired.add(plan.label());
                }
                rows.add(published(published, plan == null ? method : plan.method(),
                        plan == null ? "published" : plan.label(), null, status));
                continue;
            }
            List<JsonNode> seeds = sameSeedGroup(trials, best);
            seeds.forEach(trial -> paired.add(trial.path("id").asLong()));
            Interval top1 = Interval.of(seeds.stream().map(trial -> trial.path("top1").asDouble()).toList());
            double delta = top1.mean() - published.path("top1").asDouble();
            double allowed = tolerancePoints / 100 + (top1.halfWidth() == null ? 0 : top1.halfWidth());
            boolean within = published.hasNonNull("top1") && Math.abs(delta) <= allowed + 1e-11;
            TableRow row = withTrial(published(published, best.path("method").asText(), best.path("label").asText(),
                    number(best, "budget"), within ? REPRODUCED : NOT_REPRODUCED), best);
            rows.add(seeds.size() < 2 ? row : withSeeds(row, top1));
        }
        for (JsonNode trial : trials) {
            if (!paired.contains(trial.path("id").asLong())) {
                rows.add(withTrial(new TableRow(trial.path("method").asText(), trial.path("label").asText(),
                        number(trial, "budget"), null, null, null, null, null, null, null, ownStatus(trial),
                        null, null, null, null, null), trial));
            }
        }
        for (Planned plan : planned) {
            if (!plannedPaired.contains(plan.label())) {
                rows.add(new TableRow(plan.method(), plan.label(), null, null, null, null, null, null, null, null,
                        NOT_RUN_YET, null, null, null, null, null));
            }
        }
        return rows;
    }

    /** The completed trials of {@code best}'s point: same label and budget, one per seed. */
    private static List<JsonNode> sameSeedGroup(List<JsonNode> trials, JsonNode best) {
        return trials.stream().filter(PaperTable::completed)
                .filter(trial -> trial.path("label").asText().equals(best.path("label").asText()))
                .filter(trial -> Objects.equals(number(trial, "budget"), number(best, "budget")))
                .toList();
    }

    private static TableRow withSeeds(TableRow row, Interval top1) {
        return new TableRow(row.method(), row.label(), row.budget(), row.publishedTop1(), row.publishedParams(),
                row.publishedMacs(), row.trialId(), top1.mean(), row.params(), row.macs(), row.status(),
                row.citation(), row.sourceCheckpoint(), row.teacher(), row.epochs(), row.flopConvention(),
                top1.halfWidth(), top1.n());
    }

    private static TableRow published(JsonNode row, String method, String label, Double budget, String status) {
        return new TableRow(method, label, budget, number(row, "top1"), integer(row, "params"),
                integer(row, "macs"), null, null, null, null, status, text(row, "citation"),
                text(row, "sourceCheckpoint"), text(row, "teacher"),
                row.hasNonNull("epochs") ? row.get("epochs").asInt() : null, text(row, "flopConvention"));
    }

    private static TableRow withTrial(TableRow row, JsonNode trial) {
        boolean done = completed(trial);
        return new TableRow(row.method(), row.label(), row.budget(), row.publishedTop1(), row.publishedParams(),
                row.publishedMacs(), trial.path("id").asLong(), done ? number(trial, "top1") : null,
                done ? integer(trial, "params") : null, done ? integer(trial, "macs") : null, row.status(),
                row.citation(), row.sourceCheckpoint(), row.teacher(), row.epochs(), row.flopConvention());
    }

    /**
     * Whether {@code trial} reproduces a published row better than {@code other}: an entry whose label is its
     * method name (the spec's unlabelled entry) before relabelled variants, then the higher top-1.
     */
    private static boolean preferred(JsonNode trial, JsonNode other) {
        boolean plain = trial.path("label").asText().equals(trial.path("method").asText());
        boolean otherPlain = other.path("label").asText().equals(other.path("method").asText());
        if (plain != otherPlain) {
            return plain;
        }
        return trial.path("top1").asDouble() > other.path("top1").asDouble();
    }

    private static boolean completed(JsonNode trial) {
        return "COMPLETED".equals(trial.path("state").asText()) && trial.hasNonNull("top1");
    }

    private static String ownStatus(JsonNode trial) {
        String state = trial.path("state").asText();
        return switch (state) {
            case "COMPLETED" -> MEASURED;
            case "FAILED", "CANCELLED", "PRUNED" -> state.toLowerCase(Locale.ROOT);
            default -> NOT_RUN_YET;
        };
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }

    private static Long integer(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
