package org.ranksweep.worker.run;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.HeadImportance;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.eval.Accuracy;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.ranksearch.RankSearch;
import org.ranksweep.worker.ranksearch.SearchOutcome;
import org.ranksweep.worker.ranksearch.SearchSettings;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.HeadGradients;

/**
 * A trial's compress step: the method's model from the dense base (the base itself, the model of the method's plan
 * with head importance measured when the plan needs it, or the outcome of the rank search), then a check of its
 * forward and its held-out top-1 before any fine-tuning (phase {@code compress}). Stateless.
 */
final class CompressionStep {

    private static final int IMPORTANCE_BATCHES = 4;
    private static final int IMPORTANCE_BATCH = 64;
    private static final int CHECK_BATCH = 32;
    private static final int EVALUATION_BATCH = 256;

    private CompressionStep() {}

    /** A trial's plan and its compressed model (null for dense, which evaluates the base; the caller closes it). */
    record Compressed(ModelPlan plan, Model model) {}

    /**
     * The method's model: the base itself, the model of its plan, or the outcome of its rank search (phase
     * {@code search}), which {@code searched} keeps for the trial's later attempts and gives back to them instead
     * of searching again.
     */
    static Compressed compress(
            TrialConfig config,
            CompressionMethod method,
            VitShape shape,
            BaseModel base,
            SplitDataset data,
            TrialListener listener,
            CancellationFlag cancel,
            SearchCheckpoint searched) {
        return switch (method.execution()) {
            case EVALUATE_BASE ->
                new Compressed(method.plan(config, shape, () -> headScores(config, base, data)), null);
            case BUILD_PLAN -> {
                ModelPlan plan = method.plan(config, shape, () -> headScores(config, base, data));
                yield new Compressed(
                        plan, ModelCompressor.compress(base.model(), plan, method.attentionForm(), method.name()));
            }
            case SEARCH_RANKS -> {
                Optional<Compressed> kept = searched.restore(base.model(), method);
                if (kept.isPresent()) {
                    yield kept.get();
                }
                SearchOutcome outcome = new RankSearch(
                                SearchSettings.of(config, shape), new SearchPhaseListener(listener), cancel)
                        .run(base.model(), data);
                try {
                    searched.save(outcome.plan(), outcome.model());
                } catch (RuntimeException e) {
                    outcome.model().close();
                    throw e;
                }
                yield new Compressed(outcome.plan(), outcome.model());
            }
        };
    }

    /** Checks the compressed forward and reports held-out top-1 before any fine-tuning. */
    static void check(Model model, CompressionMethod method, SplitDataset data, TrialListener listener) {
        VisionTransformerBlock vit = VitFactory.vit(model);
        checkForward(vit, model.getNDManager(), data, method);
        if (data.heldOut().size() > 0) {
            double top1 = Accuracy.top1(
                    vit, new Batches(data.heldOut(), data.normalization(), EVALUATION_BATCH), model.getNDManager());
            listener.onMetric(new TrialMetric("compress", 0, "heldout", "top1", top1));
        }
    }

    /**
     * Head importance per block: Taylor |Σ w·g| per batch over a few held-out batches when the trial asks for
     * {@code taylor}, else l1 of the weights.
     */
    private static double[][] headScores(TrialConfig config, BaseModel baseModel, SplitDataset data) {
        Model base = baseModel.model();
        VisionTransformerBlock vit = VitFactory.vit(base);
        VitShape shape = vit.shape();
        List<List<DenseAttention>> gradients = null;
        if (SpecNames.TAYLOR.equals(config.importance())) {
            // Selection never looks at the test split; without a held-out slice it falls back to training images.
            ImageSet images = data.heldOut().size() > 0 ? data.heldOut() : data.train();
            gradients = HeadGradients.perBatch(
                    vit,
                    base.getNDManager(),
                    new Batches(images, data.normalization(), IMPORTANCE_BATCH),
                    IMPORTANCE_BATCHES);
        }
        double[][] scores = new double[shape.depth()][];
        for (int block = 0; block < shape.depth(); block++) {
            DenseAttention weights =
                    AttentionWeights.read(vit.blocks().get(block).attention(), shape.width(), shape.heads());
            scores[block] = gradients == null
                    ? HeadImportance.l1(weights)
                    : HeadImportance.taylor(weights, gradients.get(block));
        }
        return scores;
    }

    /** Fails fast when a compressed model's forward gives the wrong shape or non-finite logits. */
    private static void checkForward(
            VisionTransformerBlock model, NDManager manager, SplitDataset data, CompressionMethod method) {
        ImageSet images = data.heldOut().size() > 0 ? data.heldOut() : data.train();
        Batches batches = new Batches(images, data.normalization(), CHECK_BATCH);
        TorchRuntime.disableGradients();
        try (NDManager scope = manager.newSubManager()) {
            ImageBatch batch = batches.load(scope, Batches.sequentialOrder(images.size()), 0, null);
            NDArray logits = model.forward(new ParameterStore(scope, false), new NDList(batch.images()), false)
                    .head();
            Shape expected = new Shape(batch.size(), model.shape().classes());
            if (!logits.getShape().equals(expected)) {
                throw new TrialFailedException(method.name() + ": compressed model gives logits of shape "
                        + logits.getShape() + ", expected " + expected);
            }
            if (logits.isNaN().any().getBoolean() || logits.isInfinite().any().getBoolean()) {
                throw new TrialFailedException(method.name() + ": compressed model gives non-finite logits");
            }
        }
    }
}
