package org.ranksweep.core.spec;

/**
 * Fine-tuning after compression: AdamW, cosine schedule from {@code lr} to {@code minLr}, no warm-up.
 *
 * @param epochs       0 evaluates the compressed model without fine-tuning
 * @param distill      hard distillation from the dense base model
 * @param featureAlign optional MSE alignment of block outputs with the teacher's
 */
public record FinetuneSpec(
        int epochs,
        double lr,
        double minLr,
        int batch,
        double weightDecay,
        DistillSpec distill,
        FeatureAlignSpec featureAlign) {

    /** The same recipe over {@code epochs} epochs (the cosine schedule stretches over them). */
    public FinetuneSpec withEpochs(int epochs) {
        return new FinetuneSpec(epochs, lr, minLr, batch, weightDecay, distill, featureAlign);
    }

    /** The same recipe starting its cosine schedule at another learning rate (one point of an {@code lr} list). */
    public FinetuneSpec withLr(double replacement) {
        return new FinetuneSpec(epochs, replacement, minLr, batch, weightDecay, distill, featureAlign);
    }

    /** This spec with another batch size and every other field kept. */
    public FinetuneSpec withBatch(int replacement) {
        return new FinetuneSpec(epochs, lr, minLr, replacement, weightDecay, distill, featureAlign);
    }
}
