package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/**
 * Reads and checks the {@code finetune} section, applying its defaults. {@code lr} is one learning rate or a list of
 * distinct ones the sweep searches over. Not thread-safe (one per parse).
 */
final class FinetuneReader {

    static final List<String> KEYS =
            List.of("epochs", "lr", "minLr", "batch", "weightDecay", "distill", "featureAlign");
    static final List<String> DISTILL_KEYS = List.of("enabled", "weight");
    static final List<String> FEATURE_ALIGN_KEYS = List.of("weight", "blocks");

    static final int EPOCHS = 1;
    static final double LR = 5.0e-4;
    static final double MIN_LR = 1.0e-6;
    static final int BATCH = 128;
    static final double WEIGHT_DECAY = 0.05;
    static final double DISTILL_WEIGHT = 0.5;
    static final IntRange EPOCH_RANGE = new IntRange(0, 1000);
    static final IntRange BATCH_RANGE = new IntRange(1, 65536);
    /** Each rate multiplies every configuration; a learning-rate grid beyond 16 points wants a sampler, not a list. */
    static final int MAX_LRS = 16;

    private final Problems problems;
    private final Optional<VitShape> shape;

    /** @param shape the sweep's architecture; empty when it is missing or unknown (already reported) */
    FinetuneReader(Problems problems, Optional<VitShape> shape) {
        this.problems = problems;
        this.shape = shape;
    }

    /**
     * The fine-tuning recipe (with the first learning rate), null when any of it is invalid, and every learning rate
     * the sweep searches, null when {@code lr} is invalid (problems reported).
     */
    Finetune read(SpecObject finetune) {
        int before = problems.count();
        finetune.rejectUnknownKeys(KEYS);
        Integer epochs = finetune.integer("epochs", EPOCH_RANGE, EPOCHS);
        List<Double> lrs = finetune.has("lr") ? lrs(finetune) : List.of(LR);
        Double minLr = finetune.number("minLr", Range.MIN_LEARNING_RATE, MIN_LR);
        if (lrs != null && minLr != null) {
            checkMinLr(finetune, lrs, minLr);
        }
        Integer batch = finetune.integer("batch", BATCH_RANGE, BATCH);
        Double weightDecay = finetune.number("weightDecay", Range.WEIGHT_DECAY, WEIGHT_DECAY);
        DistillSpec distill = distill(finetune.objectOrEmpty("distill"));
        FeatureAlignSpec featureAlign = featureAlign(finetune.objectOrEmpty("featureAlign"));
        if (problems.count() > before) {
            return new Finetune(null, lrs);
        }
        return new Finetune(
                new FinetuneSpec(epochs, lrs.get(0), minLr, batch, weightDecay, distill, featureAlign), lrs);
    }

    /**
     * The recipe as read and the learning rates the sweep searches, in spec order; {@code recipe.lr()} is the first.
     * Either is null when invalid.
     */
    record Finetune(FinetuneSpec recipe, List<Double> lrs) {}

    /**
     * {@code lr}: a number, or a list of 1..{@value #MAX_LRS} distinct numbers, each in the range of a single one.
     * Null when any is invalid.
     */
    private List<Double> lrs(SpecObject finetune) {
        String path = finetune.pathOf("lr");
        JsonNode value = finetune.value("lr");
        if (!value.isArray()) {
            Double lr = SpecValues.number(value, path, Range.LEARNING_RATE, problems);
            return lr == null ? null : List.of(lr);
        }
        if (value.isEmpty()) {
            problems.add(path, "must list at least one learning rate");
            return null;
        }
        if (value.size() > MAX_LRS) {
            problems.add(path, "must list at most " + MAX_LRS + " learning rates, listed " + value.size());
            return null;
        }
        List<Double> lrs = new ArrayList<>();
        boolean valid = true;
        for (int index = 0; index < value.size(); index++) {
            String elementPath = SpecValues.at(path, index);
            Double lr = SpecValues.number(value.get(index), elementPath, Range.LEARNING_RATE, problems);
            if (lr != null && lrs.contains(lr)) {
                problems.add(
                        elementPath,
                        "duplicate learning rate " + lr + " (also " + SpecValues.at(path, lrs.indexOf(lr)) + ")");
                valid = false;
            }
            valid &= lr != null;
            lrs.add(lr);
        }
        return valid ? List.copyOf(lrs) : null;
    }

    /** The cosine schedule runs from each learning rate down to {@code minLr}, so it must not exceed any of them. */
    private void checkMinLr(SpecObject finetune, List<Double> lrs, double minLr) {
        int smallest = 0;
        for (int index = 1; index < lrs.size(); index++) {
            if (lrs.get(index) < lrs.get(smallest)) {
                smallest = index;
            }
        }
        double lr = lrs.get(smallest);
        if (minLr > lr) {
            String listed = finetune.has("lr") && finetune.value("lr").isArray()
                    ? SpecValues.at("lr", smallest) + " (" + lr + "), the smallest learning rate"
                    : "lr (" + lr + ")";
            problems.add(finetune.pathOf("minLr"), "must be <= " + listed + ", was " + minLr);
        }
    }

    private DistillSpec distill(SpecObject distill) {
        distill.rejectUnknownKeys(DISTILL_KEYS);
        Boolean enabled = distill.flag("enabled", true);
        Double weight = distill.number("weight", Range.UNIT, DISTILL_WEIGHT);
        return enabled == null || weight == null ? null : new DistillSpec(enabled, weight);
    }

    private FeatureAlignSpec featureAlign(SpecObject featureAlign) {
        featureAlign.rejectUnknownKeys(FEATURE_ALIGN_KEYS);
        Double weight = featureAlign.number("weight", Range.LOSS_WEIGHT, 0.0);
        List<Integer> blocks = featureAlign.has("blocks") ? blocks(featureAlign) : List.of();
        if (weight != null && weight > 0 && blocks != null && blocks.isEmpty()) {
            problems.add(featureAlign.pathOf("blocks"), "must list at least one block when weight > 0");
        }
        return weight == null || blocks == null ? null : new FeatureAlignSpec(weight, blocks);
    }

    /** Distinct block indexes in [0, depth). */
    private List<Integer> blocks(SpecObject featureAlign) {
        String path = featureAlign.pathOf("blocks");
        List<JsonNode> elements = SpecValues.elements(featureAlign.value("blocks"), path, problems);
        if (elements == null) {
            return null;
        }
        List<Integer> blocks = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String elementPath = SpecValues.at(path, index);
            Long block = SpecValues.integer(elements.get(index), elementPath, IntRange.atLeast(0), problems);
            if (block != null && shape.isPresent() && block >= shape.get().depth()) {
                problems.add(
                        elementPath,
                        "must be < the depth " + shape.get().depth() + " of "
                                + shape.get().name() + ", was " + block);
                block = null;
            } else if (block != null && blocks.contains(block.intValue())) {
                problems.add(elementPath, "duplicate block " + block);
            }
            blocks.add(block == null ? null : block.intValue());
        }
        return blocks.contains(null) ? null : blocks;
    }
}
