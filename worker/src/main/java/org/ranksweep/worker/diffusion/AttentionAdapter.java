package org.ranksweep.worker.diffusion;

/**
 * What is added to every attention layer of a denoiser: nothing, rank-r LoRA updates of q, k, v and o, or COMCAT's
 * per-head rank-r branches (q′k′ᵀ added to the logits, o′(A v′) to the output, one shared softmax).
 */
public record AttentionAdapter(Kind kind, int rank) {

    /** The kind of branch. */
    public enum Kind {
        NONE,
        LORA,
        COMCAT
    }

    public AttentionAdapter {
        if (kind != Kind.NONE && rank < 1) {
            throw new IllegalArgumentException("adapter rank must be at least 1, got " + rank);
        }
    }

    public static AttentionAdapter none() {
        return new AttentionAdapter(Kind.NONE, 0);
    }

    public static AttentionAdapter lora(int rank) {
        return new AttentionAdapter(Kind.LORA, rank);
    }

    public static AttentionAdapter comcat(int rank) {
        return new AttentionAdapter(Kind.COMCAT, rank);
    }
}
