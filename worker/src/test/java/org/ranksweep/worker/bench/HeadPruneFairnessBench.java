package org.ranksweep.worker.bench;

import ai.djl.Model;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.HeadImportance;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.eval.Accuracy;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.run.ModelCompressor;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.HeadGradients;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.TrainingListener;
import org.ranksweep.worker.train.TrainingSettings;

/**
 * What the fair head-prune baseline changes on a trained tiny ViT: Taylor scores summed over the importance batches
 * before the absolute value (the old score) against the mean of per-batch absolute values (the current one), and
 * held-out top-1 before fine-tuning of head-prune with and without the removed heads' value bias folded into the
 * output bias. A harness run by hand, not a test. Arguments (optional): dataset name (default synthetic), training
 * epochs (default 2), budget (default 0.5). Not thread-safe (one run per JVM).
 */
public final class HeadPruneFairnessBench {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final int IMPORTANCE_BATCH = 64;
    private static final int IMPORTANCE_BATCHES = 4;

    private HeadPruneFairnessBench() {}

    public static void main(String[] args) {
        String dataset = args.length > 0 ? args[0] : "synthetic";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        double budget = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
        TorchRuntime.start(2);
        SplitDataset data = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec(dataset, null, 512, 1500, 100, "none"));
        try (Model dense = VitFactory.create("dense", ModelPlan.dense(TINY), 1)) {
            VisionTransformerBlock vit = VitFactory.vit(dense);
            new ModelTrainer(
                            TrainingSettings.base(new TrainRecipe(epochs, 2e-3, 64, 0.05), "none", 1),
                            TrainingListener.none(),
                            CancellationFlag.never())
                    .train(vit, dense.getNDManager(), data, null);
            Batches heldOut = new Batches(data.heldOut(), data.normalization(), 128);
            System.out.printf(
                    "dataset %s, %d epochs, dense held-out top-1 %.4f%n",
                    dataset, epochs, Accuracy.top1(vit, heldOut, dense.getNDManager()));
            List<List<DenseAttention>> gradients = HeadGradients.perBatch(
                    vit,
                    dense.getNDManager(),
                    new Batches(data.heldOut(), data.normalization(), IMPORTANCE_BATCH),
                    IMPORTANCE_BATCHES);
            double[][] perBatch = new double[TINY.depth()][];
            double[][] summed = new double[TINY.depth()][];
            for (int block = 0; block < TINY.depth(); block++) {
                DenseAttention weights =
                        AttentionWeights.read(vit.blocks().get(block).attention(), TINY.width(), TINY.heads());
                perBatch[block] = HeadImportance.taylor(weights, gradients.get(block));
                summed[block] = HeadImportance.taylor(weights, List.of(sum(gradients.get(block))));
                System.out.printf(
                        "block %d: mean|per-batch| %s, |sum| %s%n", block, text(perBatch[block]), text(summed[block]));
            }
            ModelPlan fair = BudgetAllocator.headPrune(TINY, budget, perBatch);
            ModelPlan old = BudgetAllocator.headPrune(TINY, budget, summed);
            System.out.println("kept heads, per-batch scores: " + kept(fair));
            System.out.println("kept heads, summed scores:    " + kept(old));
            report("per-batch scores, bias folded", dense, fair, heldOut, false);
            report("per-batch scores, bias dropped", dense, fair, heldOut, true);
            report("summed scores,    bias folded", dense, old, heldOut, false);
            report("summed scores,    bias dropped", dense, old, heldOut, true);
        }
    }

    private static void report(String label, Model dense, ModelPlan plan, Batches heldOut, boolean dropBias) {
        try (Model pruned = ModelCompressor.compress(dense, plan, Methods.HEAD_PRUNE.attentionForm(), "pruned")) {
            VisionTransformerBlock vit = VitFactory.vit(pruned);
            if (dropBias) {
                // What head-prune did before the fold: the dense output bias, the removed heads' constant lost.
                for (int block = 0; block < TINY.depth(); block++) {
                    float[] denseBias = ParameterValues.bias((Linear) VitFactory.vit(dense)
                            .blocks()
                            .get(block)
                            .attention()
                            .output());
                    AttentionBlock attention = vit.blocks().get(block).attention();
                    if (attention.heads() == 0) {
                        ParameterValues.write(attention.outputBias(), denseBias);
                    } else {
                        Linear output = (Linear) attention.output();
                        ParameterValues.write(output, ParameterValues.weight(output), denseBias);
                    }
                }
            }
            System.out.printf(
                    "%s: held-out top-1 before fine-tuning %.4f%n",
                    label, Accuracy.top1(vit, heldOut, pruned.getNDManager()));
        }
    }

    private static List<List<Integer>> kept(ModelPlan plan) {
        List<List<Integer>> kept = new ArrayList<>();
        plan.blocks().forEach(block -> kept.add(((HeadLevelBlock) block).keptHeads()));
        return kept;
    }

    private static DenseAttention sum(List<DenseAttention> batches) {
        DenseAttention first = batches.get(0);
        int width = first.width();
        float[][] wq = new float[width][width];
        float[][] wk = new float[width][width];
        float[][] wv = new float[width][width];
        float[][] wo = new float[width][width];
        for (DenseAttention batch : batches) {
            add(wq, batch.wq());
            add(wk, batch.wk());
            add(wv, batch.wv());
            add(wo, batch.wo());
        }
        return new DenseAttention(
                width,
                first.heads(),
                wq,
                wk,
                wv,
                wo,
                new float[width],
                new float[width],
                new float[width],
                new float[width]);
    }

    private static void add(float[][] target, float[][] values) {
        for (int row = 0; row < target.length; row++) {
            for (int column = 0; column < target[row].length; column++) {
                target[row][column] += values[row][column];
            }
        }
    }

    private static String text(double[] scores) {
        StringBuilder text = new StringBuilder("[");
        for (double score : scores) {
            text.append(text.length() > 1 ? ", " : "").append(String.format("%.4g", score));
        }
        return text.append(']').toString();
    }
}
