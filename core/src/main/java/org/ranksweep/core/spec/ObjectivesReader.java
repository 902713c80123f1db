package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ranksweep.core.asha.AshaConfig;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.method.Execution;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.spec.SpecValues.IntRange;

/**
 * Reads the {@code scheduler}, {@code objectives} and {@code constraints} sections: how a sweep spends compute and
 * what it optimises. Not thread-safe (one per parse).
 */
final class ObjectivesReader {

    static final List<String> SCHEDULER_KEYS = List.of("algorithm", "resource", "min", "max", "eta");
    static final List<String> OBJECTIVE_KEYS = List.of("metric", "goal");
    static final List<String> SCHEDULER_ALGORITHMS = List.of(SchedulerSpec.ASHA, SchedulerSpec.HYPERBAND);
    static final List<String> RESOURCES = List.of(SchedulerSpec.FINETUNE_EPOCHS);
    static final List<String> METRICS = List.of("top1", "params", "macs", "latencyMs");
    /** What a rung report carries: latency is measured only once a trial has finished. */
    static final List<String> RUNG_METRICS = List.of("top1", "params", "macs");

    static final List<String> GOALS = List.of("max", "min");
    static final int ETA = 3;
    static final int MAX_OBJECTIVES = 4;
    static final int MAX_CONSTRAINTS = 16;
    private static final Pattern CONSTRAINT =
            Pattern.compile("\\s*([A-Za-z0-9]+)\\s*(<=|>=)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");
    private static final IntRange EPOCHS = new IntRange(1, 1000);

    private final Problems problems;

    ObjectivesReader(Problems problems) {
        this.problems = problems;
    }

    /**
     * The scheduler, or null when the spec has none or it is invalid (problems reported). Its {@code max} defaults
     * to {@code finetune.epochs}, which must equal it when given.
     *
     * @param finetuneEpochs the epochs {@code finetune} gives explicitly; null when it does not give them
     */
    SchedulerSpec scheduler(SpecObject top, Integer finetuneEpochs, List<MethodSpec> methods) {
        if (!top.has("scheduler")) {
            return null;
        }
        SpecObject scheduler = top.objectOrEmpty("scheduler");
        int before = problems.count();
        scheduler.rejectUnknownKeys(SCHEDULER_KEYS);
        String algorithm = scheduler.choice("algorithm", "scheduler algorithm", SCHEDULER_ALGORITHMS, null);
        if (!scheduler.has("algorithm")) {
            problems.add(scheduler.pathOf("algorithm"), "required: one of " + String.join(", ", SCHEDULER_ALGORITHMS));
        }
        String resource = scheduler.choice("resource", "resource", RESOURCES, SchedulerSpec.FINETUNE_EPOCHS);
        Integer min = scheduler.integer("min", EPOCHS, 1);
        Integer eta = scheduler.integer("eta", new IntRange(2, 100), ETA);
        Integer max = scheduler.has("max") ? scheduler.integer("max", EPOCHS) : finetuneEpochs;
        if (max == null && problems.count() == before) {
            problems.add(
                    scheduler.pathOf("max"),
                    "required (or finetune.epochs): the epochs of the top rung, which every trial's recipe spans");
        }
        if (scheduler.has("max") && finetuneEpochs != null && max != null && !max.equals(finetuneEpochs)) {
            problems.add(
                    scheduler.pathOf("max"),
                    "must equal finetune.epochs (" + finetuneEpochs + ") when both are given, was " + max
                            + ": the top rung trains the full recipe");
        }
        requireFinetuning(methods);
        if (problems.count() > before || algorithm == null || min == null || eta == null || max == null) {
            return null;
        }
        try {
            new AshaConfig(min, max, eta);
        } catch (ValidationException e) {
            e.problems().forEach(problem -> problems.add(scheduler.pathOf(problem.path()), problem.message()));
            return null;
        }
        return new SchedulerSpec(algorithm, resource, min, max, eta);
    }

    /** Successive halving allocates fine-tuning epochs: a method that trains nothing has none to allocate. */
    private void requireFinetuning(List<MethodSpec> methods) {
        for (int index = 0; index < methods.size(); index++) {
            MethodSpec method = methods.get(index);
            if (method != null
                    && Methods.find(method.name())
                            .map(m -> m.execution() == Execution.EVALUATE_BASE)
                            .orElse(false)) {
                problems.add(
                        SpecValues.at("methods", index) + ".name",
                        method.name() + " trains nothing, so successive halving has no epochs to allocate to it;"
                                + " leave it out of a sweep with a scheduler (the dense-ft control stays)");
            }
        }
    }

    /** The objectives, default top-1 maximised; with a scheduler only the metrics a rung reports. */
    List<Objective> objectives(SpecObject top, boolean scheduled) {
        if (!top.has("objectives")) {
            return SweepSpec.DEFAULT_OBJECTIVES;
        }
        List<JsonNode> elements = SpecValues.elements(top.value("objectives"), "objectives", problems);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty() || elements.size() > MAX_OBJECTIVES) {
            problems.add("objectives", "must list 1 to " + MAX_OBJECTIVES + " objectives, listed " + elements.size());
            return null;
        }
        List<Objective> objectives = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String path = SpecValues.at("objectives", index);
            SpecObject objective =
                    SpecObject.of(elements.get(index), path, problems).orElse(null);
            if (objective == null) {
                continue;
            }
            int before = problems.count();
            objective.rejectUnknownKeys(OBJECTIVE_KEYS);
            String metric = objective.choice("metric", "metric", METRICS, null);
            if (!objective.has("metric")) {
                problems.add(objective.pathOf("metric"), "required: one of " + String.join(", ", METRICS));
            }
            String goal = objective.choice("goal", "goal", GOALS, null);
            if (!objective.has("goal")) {
                problems.add(objective.pathOf("goal"), "required: max or min");
            }
            if (problems.count() > before || metric == null || goal == null) {
                continue;
            }
            requireRungMetric(objective.pathOf("metric"), metric, scheduled);
            if (objectives.stream().anyMatch(o -> o.metric().equals(metric))) {
                problems.add(objective.pathOf("metric"), "duplicate objective " + metric);
            }
            objectives.add(new Objective(metric, Goal.valueOf(goal.toUpperCase(Locale.ROOT))));
        }
        return objectives.size() == elements.size() ? objectives : null;
    }

    /** Hard constraints such as {@code params <= 200000}. */
    List<Constraint> constraints(SpecObject top, boolean scheduled) {
        if (!top.has("constraints")) {
            return List.of();
        }
        List<JsonNode> elements = SpecValues.elements(top.value("constraints"), "constraints", problems);
        if (elements == null) {
            return null;
        }
        if (elements.size() > MAX_CONSTRAINTS) {
            problems.add("constraints", "must list at most " + MAX_CONSTRAINTS + ", listed " + elements.size());
            return null;
        }
        List<Constraint> constraints = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String path = SpecValues.at("constraints", index);
            String text = SpecValues.text(elements.get(index), path, problems);
            if (text == null) {
                continue;
            }
            Matcher matcher = CONSTRAINT.matcher(text);
            if (!matcher.matches() || !METRICS.contains(matcher.group(1))) {
                problems.add(
                        path,
                        "must read '<metric> <= <number>' or '<metric> >= <number>' with metric one of "
                                + String.join(", ", METRICS) + ", was '" + text + "'");
                continue;
            }
            String metric = matcher.group(1);
            if (!requireRungMetric(path, metric, scheduled)) {
                continue;
            }
            double bound = Double.parseDouble(matcher.group(3));
            constraints.add(
                    "<=".equals(matcher.group(2))
                            ? Constraint.atMost(metric, bound)
                            : Constraint.atLeast(metric, bound));
        }
        return constraints.size() == elements.size() ? constraints : null;
    }

    private boolean requireRungMetric(String path, String metric, boolean scheduled) {
        if (scheduled && !RUNG_METRICS.contains(metric)) {
            problems.add(
                    path,
                    metric + " is measured only when a trial has finished, so a scheduler's rungs cannot compare it"
                            + " (use one of " + String.join(", ", RUNG_METRICS) + ")");
            return false;
        }
        return true;
    }
}
