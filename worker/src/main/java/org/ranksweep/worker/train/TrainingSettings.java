package org.ranksweep.worker.train;

import java.util.List;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.core.spec.TrainRecipe;

/**
 * One training run's recipe: AdamW with a linear warm-up over {@code warmupEpochs} (0 = none) and then a cosine
 * schedule from {@code lr} to {@code minLr}, optional hard distillation (weight 0 = off) and feature alignment
 * (weight 0 = off). Immutable and thread-safe.
 *
 * @param augment      the spec's augmentation name: {@code none}, {@code light} or {@code deit}
 *                     ({@link org.ranksweep.core.spec.SpecNames#AUGMENTATIONS}); null means none
 * @param seed         seeds the epoch order, augmentation and drop-path
 * @param warmupEpochs epochs of linear warm-up; base training only (fine-tuning follows COMCAT: none)
 */
public record TrainingSettings(
        int epochs,
        double lr,
        double minLr,
        int batch,
        double weightDecay,
        String augment,
        double distillWeight,
        double featureWeight,
        List<Integer> featureBlocks,
        long seed,
        int warmupEpochs) {

    /** A base model's final learning rate as a fraction of its first: recipes name only the first. */
    public static final double BASE_MIN_LR_FRACTION = 0.01;

    public TrainingSettings {
        augment = augment == null ? SpecNames.AUGMENT_NONE : augment;
        featureBlocks = featureBlocks == null ? List.of() : List.copyOf(featureBlocks);
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmupEpochs must be >= 0, was " + warmupEpochs);
        }
    }

    /** Settings without warm-up. */
    public TrainingSettings(
            int epochs,
            double lr,
            double minLr,
            int batch,
            double weightDecay,
            String augment,
            double distillWeight,
            double featureWeight,
            List<Integer> featureBlocks,
            long seed) {
        this(epochs, lr, minLr, batch, weightDecay, augment, distillWeight, featureWeight, featureBlocks, seed, 0);
    }

    /** Training a dense base model from scratch: no teacher. */
    public static TrainingSettings base(TrainRecipe recipe, String augment, long seed) {
        return new TrainingSettings(
                recipe.epochs(),
                recipe.lr(),
                recipe.lr() * BASE_MIN_LR_FRACTION,
                recipe.batch(),
                recipe.weightDecay(),
                augment,
                0,
                0,
                List.of(),
                seed,
                recipe.warmupEpochs());
    }

    /** Fine-tuning a compressed model, distilled from the dense base when the spec says so. */
    public static TrainingSettings finetune(FinetuneSpec spec, String augment, long seed) {
        double distill = spec.distill() != null && spec.distill().enabled()
                ? spec.distill().weight()
                : 0;
        double feature = spec.featureAlign() == null ? 0 : spec.featureAlign().weight();
        List<Integer> blocks =
                spec.featureAlign() == null ? List.of() : spec.featureAlign().blocks();
        return new TrainingSettings(
                spec.epochs(),
                spec.lr(),
                spec.minLr(),
                spec.batch(),
                spec.weightDecay(),
                augment,
                distill,
                feature,
                feature == 0 ? List.of() : blocks,
                seed);
    }

    /** Whether the loop needs a teacher's outputs. */
    public boolean needsTeacher() {
        return distillWeight > 0 || aligns();
    }

    /**
     * Whether the teacher's classes on the stored training images ({@link TeacherLabels}) are all the loop needs
     * from it: it distils, aligns no block outputs, and shows the images unaugmented.
     */
    public boolean teacherLabelsSuffice() {
        return distillWeight > 0 && !aligns() && SpecNames.AUGMENT_NONE.equals(augment);
    }

    private boolean aligns() {
        return featureWeight > 0 && !featureBlocks.isEmpty();
    }
}
