package org.ranksweep.worker.ranksearch;

import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.worker.train.TrainingSettings;

/**
 * One rank search's recipe. Immutable and thread-safe.
 *
 * @param spec          candidates, search epochs, β, the temperature schedule, the gate updates' batch and count
 *                      and the selection
 * @param rho           the parameter-reduction ratio in [0, 1): the target keeps 1 − ρ of the searchable weights
 * @param weightEpoch   how the chosen subnet's weights are trained for one epoch in each search epoch (its seed is
 *                      varied per search epoch so that each sees its own batch order)
 * @param seed          seeds the Gumbel noise and the held-out batch order
 */
public record SearchSettings(RankSearchSpec spec, double rho, TrainingSettings weightEpoch, long seed) {

    /** Weight-training defaults when a trial has no fine-tuning section (the spec parser's defaults). */
    private static final FinetuneSpec FALLBACK = new FinetuneSpec(1, 5.0e-4, 1.0e-6, 128, 0.05, null, null);

    public SearchSettings {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho must be in [0, 1), was " + rho);
        }
        if (spec.searchBatch() < 1 || spec.searchSteps() < 1 || !RankSearchSpec.SELECTIONS.contains(spec.selection())) {
            throw new IllegalArgumentException("the search needs searchBatch >= 1, searchSteps >= 1 and a selection"
                    + " in " + RankSearchSpec.SELECTIONS + ", were " + spec.searchBatch() + ", "
                    + spec.searchSteps() + ", " + spec.selection());
        }
    }

    /**
     * The search of a comcat-auto trial: ρ = 1 − budget; the spec's defaults for the architecture when the trial
     * carries none; the subnet's weights are trained at the fine-tuning learning rate held constant, with the
     * fine-tuning distillation, batch and weight decay (the gate updates have their own batch, in the spec).
     */
    public static SearchSettings of(TrialConfig config, VitShape shape) {
        if (config.budget() == null || !(config.budget() > 0 && config.budget() <= 1)) {
            throw ValidationException.of(
                    "budget", config.method() + " needs a budget 1 - rho in (0, 1], was " + config.budget());
        }
        RankSearchSpec spec = config.rankSearch() != null ? config.rankSearch() : RankSearchSpec.defaults(shape);
        FinetuneSpec finetune = config.finetune() != null ? config.finetune() : FALLBACK;
        TrainingSettings recipe =
                TrainingSettings.finetune(finetune, config.dataset().augment(), config.seed());
        TrainingSettings weightEpoch = new TrainingSettings(
                1,
                recipe.lr(),
                recipe.lr(),
                recipe.batch(),
                recipe.weightDecay(),
                recipe.augment(),
                recipe.distillWeight(),
                recipe.featureWeight(),
                recipe.featureBlocks(),
                config.seed());
        double rho = Math.max(0, 1 - config.budget());
        return new SearchSettings(spec, rho, weightEpoch, config.seed());
    }

    /** The weight-training recipe of search epoch {@code epoch}: its own seed, so its own batch order. */
    TrainingSettings weightEpoch(int epoch) {
        TrainingSettings base = weightEpoch;
        return new TrainingSettings(
                1,
                base.lr(),
                base.minLr(),
                base.batch(),
                base.weightDecay(),
                base.augment(),
                base.distillWeight(),
                base.featureWeight(),
                base.featureBlocks(),
                base.seed() * 1_000_003L + epoch);
    }
}
