package org.ranksweep.worker.scratch;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.worker.model.*;

class PhaseTimeBench {
    @Test
    void phases() {
        TorchRuntime.start(Integer.getInteger("bench.threads", 2));
        TorchRuntime.disableGradients();
        try (Model model = VitFactory.create("m", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            VisionTransformerBlock vit = VitFactory.vit(model);
            NDManager manager = model.getNDManager();
            ParameterStore ps = new ParameterStore(manager, false);
            Optimizer opt = Optimizer.adamW().build();
            long fwd = 0, bwd = 0, upd = 0, inf = 0;
            for (int s = 0; s < 60; s++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.randomNormal(vit.inputShape(128));
                    NDArray y = step.randomInteger(0, 10, new ai.djl.ndarray.types.Shape(128), ai.djl.ndarray.types.DataType.INT64);
                    long t0 = System.nanoTime();
                    vit.forward(ps, new NDList(x), false).head().getFloat(0, 0);
                    long t1 = System.nanoTime();
                    NDArray loss;
                    long t2, t3;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        t2 = System.nanoTime();
                        NDArray logits = vit.forward(ps, new NDList(x), true).head();
                        loss = y.oneHot(10).mul(logits.logSoftmax(-1)).sum(new int[]{-1}).mean().neg();
                        loss.getFloat();
                        t3 = System.nanoTime();
                        gc.backward(loss);
                    }
                    long t4 = System.nanoTime();
                    for (Pair<String, Parameter> p : vit.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        try (NDArray g = w.getGradient()) { opt.update(p.getValue().getId(), w, g); }
                    }
                    long t5 = System.nanoTime();
                    if (s >= 10) { inf += t1 - t0; fwd += t3 - t2; bwd += t4 - t3; upd += t5 - t4; }
                }
            }
            System.out.printf("per step (ms): inference fwd %.1f, train fwd %.1f, backward %.1f, update %.1f%n",
                inf / 5e7, fwd / 5e7, bwd / 5e7, upd / 5e7);
        }
    }
}
