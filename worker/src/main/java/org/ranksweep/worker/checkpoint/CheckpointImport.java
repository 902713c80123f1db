package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.ModelParameters;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsFile;
import org.ranksweep.worker.safetensors.TensorEntry;

/**
 * Builds models from safetensors files laid out by {@link CheckpointLayout}: a timm DeiT checkpoint becomes the
 * dense model of a given shape (timm's fused qkv split into q, k and v); a file written by {@link CheckpointExport}
 * becomes the compressed model its {@code ranksweep.plan} metadata describes. The file must hold exactly the
 * tensors the model has, with the same shapes; otherwise nothing is built and every missing, unexpected or
 * misshapen tensor is reported by name. Thread-safe (stateless); the caller closes the returned model.
 */
public final class CheckpointImport {

    private CheckpointImport() {}

    /** The dense ViT of {@code shape} holding the weights of a timm {@code VisionTransformer} checkpoint. */
    public static Model timm(String name, VitShape shape, Path file) {
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            return build(name, ModelPlan.dense(shape), checkpoint);
        }
    }

    /** A model written by {@link CheckpointExport}, rebuilt from the plan in its metadata. */
    public static ImportedModel exported(String name, Path file) {
        try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
            Map<String, String> metadata = checkpoint.metadata();
            String planText = metadata.get(CheckpointExport.PLAN_KEY);
            if (planText == null) {
                throw new RankSweepException(file + ": no " + CheckpointExport.PLAN_KEY + " in the safetensors "
                        + "metadata; for a timm checkpoint use it as model.base.file with its model.arch");
            }
            ModelPlan plan;
            Map<String, Object> ranks;
            try {
                plan = Json.mapper().readValue(planText, ModelPlan.class);
                String ranksText = metadata.getOrDefault(CheckpointExport.RANKS_KEY, "{}");
                ranks = Json.mapper().readValue(ranksText, new TypeReference<Map<String, Object>>() {});
            } catch (IOException | RuntimeException e) {
                throw new RankSweepException(
                        file + ": metadata " + CheckpointExport.PLAN_KEY + " is not a model " + "plan: "
                                + Failures.describe(e),
                        e);
            }
            return new ImportedModel(build(name, plan, checkpoint), plan, ranks, metadata);
        }
    }

    private static Model build(String name, ModelPlan plan, SafetensorsFile checkpoint) {
        Model model = VitFactory.create(name, plan, 0);
        try {
            List<TensorBinding> bindings = CheckpointLayout.bindings(VitFactory.vit(model));
            check(bindings, checkpoint, plan.shape());
            TorchRuntime.disableGradients();
            long written = 0;
            for (TensorBinding binding : bindings) {
                float[] values = checkpoint.floats(binding.name());
                binding.writer().accept(values);
                written += values.length;
            }
            long held = ModelParameters.count(model.getBlock());
            if (written != held) {
                throw new IllegalStateException("wrote " + written + " values into a model of " + held
                        + " parameters: the checkpoint layout misses a parameter");
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Every difference between the tensors the model needs and the tensors the file holds. */
    static void check(List<TensorBinding> bindings, SafetensorsFile checkpoint, VitShape shape) {
        String file = checkpoint.path().getFileName().toString();
        Map<String, TensorEntry> tensors = checkpoint.tensors();
        List<Problem> problems = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (TensorBinding binding : bindings) {
            expected.add(binding.name());
            TensorEntry entry = tensors.get(binding.name());
            if (entry == null) {
                problems.add(new Problem(
                        binding.name(),
                        "missing from " + file + " (" + shape.name() + " needs shape " + binding.shapeText() + ")"));
            } else if (!Arrays.equals(entry.shape(), binding.shape())) {
                problems.add(new Problem(
                        binding.name(),
                        "has shape " + entry.shapeText() + " in " + file + ", " + shape.name() + " needs "
                                + binding.shapeText()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.contains(name)) {
                problems.add(new Problem(name, "in " + file + " is not a tensor of " + shape.name() + hint(name)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static String hint(String name) {
        if (name.equals("dist_token") || name.startsWith("head_dist")) {
            return " (a distilled DeiT checkpoint: save the plain deit_*_patch16_224 model instead)";
        }
        return "";
    }

    /** A model read from an exported file, with the plan and ranks it was exported with. Closing closes the model. */
    public record ImportedModel(Model model, ModelPlan plan, Map<String, Object> ranks, Map<String, String> metadata)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
