package org.ranksweep.worker.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.data.Preprocessing;

/**
 * The {@code config.json} written beside an exported model, laid out as timm's Hugging Face {@code config.json}:
 * {@code architecture}, {@code num_classes}, {@code num_features}, {@code global_pool}, {@code model_args} (the
 * {@code VisionTransformer} arguments) and {@code pretrained_cfg} (input size, interpolation, crop, mean and
 * standard deviation, classes), plus a {@code ranksweep} section naming the weights file. The same
 * {@code pretrained_cfg} goes into the safetensors metadata, so the file alone is enough too. Images RankSweep uses
 * as stored (Fashion-MNIST, synthetic) have no resize of their own; their {@code pretrained_cfg} says bicubic and
 * crop 1.0, which leaves an image of {@code input_size} untouched. Thread-safe (stateless).
 */
public final class ExportConfig {

    private ExportConfig() {}

    /** timm's {@code pretrained_cfg}: what an evaluation needs to turn images into the model's inputs. */
    public static Map<String, Object> pretrainedConfig(VitShape shape, Preprocessing preprocessing) {
        Preprocessing.Resize resize = preprocessing.resize();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("input_size", preprocessing.inputSize());
        config.put("fixed_input_size", true);
        config.put("interpolation", resize == null ? "bicubic" : resize.interpolation());
        config.put("crop_pct", resize == null ? 1.0 : resize.cropPct());
        config.put("crop_mode", "center");
        config.put("mean", preprocessing.mean());
        config.put("std", preprocessing.std());
        config.put("num_classes", shape.classes());
        config.put("first_conv", "patch_embed.proj");
        config.put("classifier", "head");
        return config;
    }

    /** The whole {@code config.json} for a model of {@code shape} whose weights are in {@code weightsFile}. */
    public static Map<String, Object> config(VitShape shape, Preprocessing preprocessing, String weightsFile) {
        Map<String, Object> modelArguments = new LinkedHashMap<>();
        modelArguments.put("img_size", shape.imageSize());
        modelArguments.put("patch_size", shape.patch());
        modelArguments.put("in_chans", shape.channels());
        modelArguments.put("embed_dim", shape.width());
        modelArguments.put("depth", shape.depth());
        modelArguments.put("num_heads", shape.heads());
        modelArguments.put("mlp_ratio", shape.mlpRatio());
        modelArguments.put("num_classes", shape.classes());
        Map<String, Object> ranksweep = new LinkedHashMap<>();
        ranksweep.put("weights", weightsFile);
        ranksweep.put("plan", "the safetensors metadata " + CheckpointExport.PLAN_KEY);
        ranksweep.put("python", "tools/python/ranksweep_torch.py");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", shape.name());
        config.put("num_classes", shape.classes());
        config.put("num_features", shape.width());
        config.put("global_pool", "token");
        config.put("model_args", modelArguments);
        config.put("pretrained_cfg", pretrainedConfig(shape, preprocessing));
        config.put("ranksweep", ranksweep);
        return config;
    }
}
