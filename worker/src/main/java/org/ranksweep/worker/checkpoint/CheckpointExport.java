package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsWriter;

/**
 * Writes a built model as safetensors in {@link CheckpointLayout}'s names (F32), with what a reader needs to rebuild
 * it in the {@code __metadata__}: {@code format} = {@code pt} (what PyTorch loaders expect),
 * {@code ranksweep.architecture} (the shape as JSON), {@code ranksweep.plan} (the full {@link ModelPlan} as JSON:
 * per block the attention form, head count, per-head widths and MLP ranks), {@code ranksweep.ranks}
 * (the trial's ranks as JSON) and {@code ranksweep.layout} (a one-line explanation of the names), plus any extra
 * entries the caller passes ({@link TrialExport} adds {@code ranksweep.pretrained_cfg}, the preprocessing). Thread-safe (stateless); the model must not be trained meanwhile.
 */
public final class CheckpointExport {

    public static final String PLAN_KEY = "ranksweep.plan";
    public static final String RANKS_KEY = "ranksweep.ranks";
    public static final String ARCHITECTURE_KEY = "ranksweep.architecture";
    public static final String LAYOUT_KEY = "ranksweep.layout";
    /** timm's {@code pretrained_cfg} as JSON (mean, std, input size, interpolation, crop); see {@link ExportConfig}. */
    public static final String PRETRAINED_CONFIG_KEY = "ranksweep.pretrained_cfg";

    static final String LAYOUT = "timm VisionTransformer names; attention with reduced widths stores attn.q/k/v "
            + "separately (softmax scale 1/sqrt of the ORIGINAL head width); a factorised Linear P stores P.0.weight "
            + "(r,in) and P.1.weight (out,r) + P.1.bias, i.e. nn.Sequential(Linear(in,r,bias=False), Linear(r,out))";

    private CheckpointExport() {}

    /** Writes {@code model} (built from {@code plan}) to {@code target}. */
    public static void write(
            Model model, ModelPlan plan, Map<String, Object> ranks, Map<String, String> extra, Path target)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter()
                .metadata("format", "pt")
                .metadata(ARCHITECTURE_KEY, Json.write(plan.shape()))
                .metadata(PLAN_KEY, Json.write(plan))
                .metadata(RANKS_KEY, Json.write(ranks == null ? Map.of() : ranks))
                .metadata(LAYOUT_KEY, LAYOUT);
        extra.forEach(writer::metadata);
        for (TensorBinding binding : CheckpointLayout.bindings(VitFactory.vit(model))) {
            writer.add(binding.name(), binding.shape(), binding.reader());
        }
        writer.write(target);
    }
}
