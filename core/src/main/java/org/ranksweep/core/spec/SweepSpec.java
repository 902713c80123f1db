package org.ranksweep.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;

/**
 * A parsed, validated sweep specification (the YAML a user submits). Immutable; defaults already applied.
 *
 * @param name        human name of the sweep
 * @param dataset     where images come from and how they are split
 * @param model       architecture and where the dense base weights come from
 * @param methods     compression methods to compare, each with its own search space
 * @param finetune    fine-tuning recipe after compression
 * @param sampler     which points of the search space become trials (grid or random)
 * @param resources   what a trial needs from a worker
 * @param seeds       every configuration runs once per seed
 * @param maxAttempts attempts per trial before it is FAILED for good
 * @param controls    control trials the planner adds (dense-ft, compute-matched twins)
 * @param scheduler   successive halving over fine-tuning epochs; null when every trial runs its full recipe
 * @param objectives  what the sweep optimises (default top-1, maximised): a scheduler ranks rungs by them (several:
 *                    by Pareto front, then crowding distance) and reports show their Pareto front
 * @param constraints hard limits on results, such as {@code params <= 200000}
 * @param finetuneLrs the fine-tuning learning rates the sweep searches, in spec order ({@code finetune.lr} as a number
 *                    or a list): every configuration is planned once per entry. The first is {@code finetune.lr()};
 *                    a spec with one rate has just that one. Null (a spec stored before the list existed) stands for
 *                    {@code [finetune.lr()]}
 * @param customization a customization sweep's methods, concepts and generator (then {@code methods} is empty and
 *                      {@code model} is the judge); null for a compression sweep, and then left out of the JSON
 */
public record SweepSpec(
        String name,
        DatasetSpec dataset,
        ModelSpec model,
        List<MethodSpec> methods,
        FinetuneSpec finetune,
        SamplerSpec sampler,
        ResourceSpec resources,
        List<Long> seeds,
        int maxAttempts,
        ControlSpec controls,
        @JsonInclude(JsonInclude.Include.NON_NULL) SchedulerSpec scheduler,
        List<Objective> objectives,
        List<Constraint> constraints,
        List<Double> finetuneLrs,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomizationSpec customization) {

    /** Top-1 maximised: the objective of a sweep that names none. */
    public static final List<Objective> DEFAULT_OBJECTIVES = List.of(new Objective("top1", Goal.MAX));

    public SweepSpec {
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        controls = controls == null ? ControlSpec.defaults() : controls;
        objectives = objectives == null || objectives.isEmpty() ? DEFAULT_OBJECTIVES : List.copyOf(objectives);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        finetuneLrs = lrs(finetune, finetuneLrs);
    }

    /** This sweep with another sampler and every other field kept. */
    public SweepSpec withSampler(SamplerSpec replacement) {
        return new SweepSpec(
                name,
                dataset,
                model,
                methods,
                finetune,
                replacement,
                resources,
                seeds,
                maxAttempts,
                controls,
                scheduler,
                objectives,
                constraints,
                finetuneLrs,
                customization);
    }

    /** Whether this sweep customizes a generator instead of compressing a model. */
    public boolean customizes() {
        return customization != null;
    }

    /** Whether {@code finetune.lr} lists more than one rate, so that the rate tells trials apart. */
    public boolean searchesLr() {
        return finetuneLrs.size() > 1;
    }

    /** The rates checked against the recipe: the first must be the recipe's own {@code lr}. */
    private static List<Double> lrs(FinetuneSpec finetune, List<Double> lrs) {
        if (lrs == null || lrs.isEmpty()) {
            return finetune == null ? List.of() : List.of(finetune.lr());
        }
        if (finetune != null && lrs.get(0) != finetune.lr()) {
            throw new IllegalArgumentException(
                    "the first of finetuneLrs " + lrs + " must be finetune.lr " + finetune.lr());
        }
        return List.copyOf(lrs);
    }

    /** A compression sweep. */
    public SweepSpec(
            String name,
            DatasetSpec dataset,
            ModelSpec model,
            List<MethodSpec> methods,
            FinetuneSpec finetune,
            SamplerSpec sampler,
            ResourceSpec resources,
            List<Long> seeds,
            int maxAttempts,
            ControlSpec controls,
            SchedulerSpec scheduler,
            List<Objective> objectives,
            List<Constraint> constraints,
            List<Double> finetuneLrs) {
        this(
                name,
                dataset,
                model,
                methods,
                finetune,
                sampler,
                resources,
                seeds,
                maxAttempts,
                controls,
                scheduler,
                objectives,
                constraints,
                finetuneLrs,
                null);
    }

    /** A sweep without a scheduler, objectives or constraints of its own. */
    public SweepSpec(
            String name,
            DatasetSpec dataset,
            ModelSpec model,
            List<MethodSpec> methods,
            FinetuneSpec finetune,
            SamplerSpec sampler,
            ResourceSpec resources,
            List<Long> seeds,
            int maxAttempts,
            ControlSpec controls) {
        this(
                name,
                dataset,
                model,
                methods,
                finetune,
                sampler,
                resources,
                seeds,
                maxAttempts,
                controls,
                null,
                DEFAULT_OBJECTIVES,
                List.of(),
                null);
    }

    /** A sweep with the default controls. */
    public SweepSpec(
            String name,
            DatasetSpec dataset,
            ModelSpec model,
            List<MethodSpec> methods,
            FinetuneSpec finetune,
            SamplerSpec sampler,
            ResourceSpec resources,
            List<Long> seeds,
            int maxAttempts) {
        this(name, dataset, model, methods, finetune, sampler, resources, seeds, maxAttempts, ControlSpec.defaults());
    }
}
