package org.ranksweep.core.spec;

import java.util.List;

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
        ControlSpec controls) {

    public SweepSpec {
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        controls = controls == null ? ControlSpec.defaults() : controls;
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
