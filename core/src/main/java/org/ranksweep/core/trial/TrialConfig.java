package org.ranksweep.core.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ranksweep.core.customize.CustomizationPoint;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.WarmStartSpec;

/**
 * Everything a worker needs to run one trial: one point of a sweep's search space with the shared parts of the
 * spec. Immutable; crosses the cluster as JSON. Its content hash identifies identical trials across sweeps.
 *
 * @param method       method name, e.g. {@code comcat}
 * @param label        the spec entry this point came from
 * @param budget       attention-parameter budget as a fraction of dense (comcat-auto: 1 − ρ of the searchable
 *                     weights); null for dense or explicit ranks
 * @param ranks        explicit per-layer ranks; null when a budget is given
 * @param importance   head importance for {@code head-prune}
 * @param factorizeMlp also factorize fc1/fc2/classifier
 * @param seed         seed for data order, initialisation and sampling
 * @param rankSearch   the rank search of {@code comcat-auto}; null for every other method, and then left out of
 *                     the JSON so that the content hashes of other methods' trials do not change
 * @param warmStart    the candidates and budget of a comcat point whose ranks the worker chooses from the base model
 *                     (then {@code budget} and {@code ranks} are null); null for every other trial, and then left out
 *                     of the JSON so that no other trial's content hash changes
 * @param customization what a customization trial (method from {@code CustomizationMethods}) teaches and how; then
 *                     {@code model} is the judge and {@code finetune} null. Null for every compression trial, and then
 *                     left out of the JSON so that no other trial's content hash changes
 */
public record TrialConfig(
        String method,
        String label,
        Double budget,
        RankSpec ranks,
        String importance,
        boolean factorizeMlp,
        ModelSpec model,
        DatasetSpec dataset,
        FinetuneSpec finetune,
        long seed,
        ResourceSpec resources,
        @JsonInclude(JsonInclude.Include.NON_NULL) RankSearchSpec rankSearch,
        @JsonInclude(JsonInclude.Include.NON_NULL) WarmStartSpec warmStart,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomizationPoint customization) {

    /** A compression trial. */
    public TrialConfig(
            String method,
            String label,
            Double budget,
            RankSpec ranks,
            String importance,
            boolean factorizeMlp,
            ModelSpec model,
            DatasetSpec dataset,
            FinetuneSpec finetune,
            long seed,
            ResourceSpec resources,
            RankSearchSpec rankSearch,
            WarmStartSpec warmStart) {
        this(
                method,
                label,
                budget,
                ranks,
                importance,
                factorizeMlp,
                model,
                dataset,
                finetune,
                seed,
                resources,
                rankSearch,
                warmStart,
                null);
    }

    /** Whether this trial customizes a generator (see {@link #customization()}). */
    public boolean customizes() {
        return customization != null;
    }

    /** A trial without a warm start. */
    public TrialConfig(
            String method,
            String label,
            Double budget,
            RankSpec ranks,
            String importance,
            boolean factorizeMlp,
            ModelSpec model,
            DatasetSpec dataset,
            FinetuneSpec finetune,
            long seed,
            ResourceSpec resources,
            RankSearchSpec rankSearch) {
        this(
                method,
                label,
                budget,
                ranks,
                importance,
                factorizeMlp,
                model,
                dataset,
                finetune,
                seed,
                resources,
                rankSearch,
                null);
    }

    /** A trial without a rank search. */
    public TrialConfig(
            String method,
            String label,
            Double budget,
            RankSpec ranks,
            String importance,
            boolean factorizeMlp,
            ModelSpec model,
            DatasetSpec dataset,
            FinetuneSpec finetune,
            long seed,
            ResourceSpec resources) {
        this(method, label, budget, ranks, importance, factorizeMlp, model, dataset, finetune, seed, resources, null);
    }

    /** This trial with another fine-tuning spec and every other field kept. */
    public TrialConfig withFinetune(FinetuneSpec replacement) {
        return new TrialConfig(
                method,
                label,
                budget,
                ranks,
                importance,
                factorizeMlp,
                model,
                dataset,
                replacement,
                seed,
                resources,
                rankSearch,
                warmStart,
                customization);
    }

    /**
     * This trial with explicit ranks (a warm start's, once the worker has chosen them) and every other field kept.
     */
    public TrialConfig withRanks(RankSpec chosen) {
        return new TrialConfig(
                method,
                label,
                budget,
                chosen,
                importance,
                factorizeMlp,
                model,
                dataset,
                finetune,
                seed,
                resources,
                rankSearch,
                warmStart,
                customization);
    }
}
