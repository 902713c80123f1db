package org.ranksweep.worker.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits one training step of the tiny ViT at batch 128 into inference forward, training forward, backward and
 * AdamW update (milliseconds, mean of 50 steps after 10 warm-up steps). Not part of the suite; run with
 * {@code ./mvnw -q -pl worker -am test -Dtest=StepBreakdownBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class StepBreakdownBench {

    private static final Logger LOG = LoggerFactory.getLogger(StepBreakdownBench.class);
    private static final int WARMUP = 10;
    private static final int STEPS = 60;

    @Test
    void measuresTheStepPhases() {
        TorchRuntime.start(Integer.getInteger("bench.threads", 2));
        TorchRuntime.disableGradients();
        double[] totals = new double[4];
        try (Model model = VitFactory.create("bench", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            VisionTransformerBlock vit = VitFactory.vit(model);
            ParameterStore parameterStore = new ParameterStore(model.getNDManager(), false);
            Optimizer optimizer = Optimizer.adamW().build();
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDArray images = scope.randomNormal(vit.inputShape(128));
                    NDArray labels = scope.randomInteger(0, 10, new Shape(128), DataType.INT64);
                    long start = System.nanoTime();
                    vit.forward(parameterStore, new NDList(images), false)
                            .head()
                            .getFloat(0, 0);
                    long inferred = System.nanoTime();
                    long forwarded;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = vit.forward(parameterStore, new NDList(images), true)
                                .head();
                        NDArray loss = labels.oneHot(10)
                                .mul(logits.logSoftmax(-1))
                                .sum(new int[] {-1})
                                .mean()
                                .neg();
                        loss.getFloat();
                        forwarded = System.nanoTime();
                        collector.backward(loss);
                    }
                    long backwarded = System.nanoTime();
                    for (Pair<String, Parameter> entry : vit.getParameters()) {
                        NDArray weight = entry.getValue().getArray();
                        try (NDArray gradient = weight.getGradient()) {
                            optimizer.update(entry.getValue().getId(), weight, gradient);
                        }
                    }
                    long updated = System.nanoTime();
                    if (step >= WARMUP) {
                        totals[0] += inferred - start;
                        totals[1] += forwarded - inferred;
                        totals[2] += backwarded - forwarded;
                        totals[3] += updated - backwarded;
                    }
                }
            }
        }
        double steps = STEPS - WARMUP;
        LOG.info(
                "per step at batch 128 (ms): inference forward {}, training forward {}, backward {}, update {}",
                format(totals[0] / steps),
                format(totals[1] / steps),
                format(totals[2] / steps),
                format(totals[3] / steps));
    }

    private static String format(double nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
