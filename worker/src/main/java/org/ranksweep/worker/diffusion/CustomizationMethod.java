package org.ranksweep.worker.diffusion;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ranksweep.core.customize.CustomizationMethods;

/**
 * The ways of teaching a generator a new concept, each defined by what it adds to the model and which parameters it
 * trains; everything else stays frozen and is not stored with the concept.
 */
public enum CustomizationMethod {
    /** Every denoiser weight (DreamBooth-style); the text encoder stays frozen. */
    FULL("full"),
    /** Cross-attention key and value projections plus the concept token's embedding (Kumari et al., CVPR 2023). */
    CUSTOM_DIFFUSION("custom-diffusion"),
    /** Rank-r updates of q, k, v and o in every attention layer of the denoiser, self and cross. */
    LORA("lora"),
    /** COMCAT's per-head rank-r branches q′k′ᵀ and v′o′ sharing each head's softmax, self and cross attention. */
    COMCAT_ADAPTER("comcat-adapter");

    private final String label;

    CustomizationMethod(String label) {
        this.label = label;
    }

    /** The name a spec uses. */
    public String label() {
        return label;
    }

    /** The method a spec names, or a clear error naming the known ones. */
    public static CustomizationMethod fromLabel(String label) {
        for (CustomizationMethod method : values()) {
            if (method.label.equals(label.toLowerCase(Locale.ROOT))) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown customization method '" + label + "' (known: "
                + String.join(", ", CustomizationMethods.names()) + ")");
    }

    /** What the method adds to every attention layer of the denoiser, at {@code rank} where it has one. */
    public AttentionAdapter adapter(int rank) {
        return switch (this) {
            case LORA -> AttentionAdapter.lora(rank);
            case COMCAT_ADAPTER -> AttentionAdapter.comcat(rank);
            default -> AttentionAdapter.none();
        };
    }

    /** The parameters the method trains (and stores), with the model's names for them, in the model's order. */
    public List<Pair<String, Parameter>> trainedParameters(DiffusionTransformer model) {
        Set<Parameter> trained = Collections.newSetFromMap(new IdentityHashMap<>());
        switch (this) {
            case FULL -> {
                trained.addAll(model.getParameters().values());
                model.textEncoder().getParameters().values().forEach(trained::remove);
            }
            case CUSTOM_DIFFUSION -> {
                for (DenoiserBlock block : model.blocks()) {
                    addAll(trained, block.crossAttention().key().base());
                    addAll(trained, block.crossAttention().value().base());
                }
                trained.add(model.textEncoder().conceptEmbedding());
            }
            case LORA -> {
                for (ConditionedAttention attention : attentions(model)) {
                    for (AdaptedProjection projection :
                            List.of(attention.query(), attention.key(), attention.value(), attention.output())) {
                        addAll(trained, projection.loraDown());
                        addAll(trained, projection.loraUp());
                    }
                }
            }
            case COMCAT_ADAPTER -> {
                for (ConditionedAttention attention : attentions(model)) {
                    attention.comcatBranches().forEach(branch -> addAll(trained, branch));
                }
            }
        }
        List<Pair<String, Parameter>> named = new ArrayList<>();
        for (Pair<String, Parameter> entry : model.getParameters()) {
            if (trained.contains(entry.getValue())) {
                named.add(entry);
            }
        }
        if (named.isEmpty()) {
            throw new IllegalArgumentException(label + ": the model has none of the parameters this method trains"
                    + " (built with adapter " + model.adapter() + ")");
        }
        return named;
    }

    /** Freezes every parameter of {@code model} but {@code trained}, and unfreezes those. */
    public static void freezeAllBut(DiffusionTransformer model, List<Pair<String, Parameter>> trained) {
        Set<Parameter> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        trained.forEach(entry -> keep.add(entry.getValue()));
        for (Parameter parameter : model.getParameters().values()) {
            parameter.freeze(!keep.contains(parameter));
        }
    }

    private static List<ConditionedAttention> attentions(DiffusionTransformer model) {
        List<ConditionedAttention> attentions = new ArrayList<>();
        for (DenoiserBlock block : model.blocks()) {
            attentions.add(block.selfAttention());
            attentions.add(block.crossAttention());
        }
        return attentions;
    }

    private static void addAll(Set<Parameter> into, Block block) {
        if (block != null) {
            into.addAll(block.getParameters().values());
        }
    }
}
