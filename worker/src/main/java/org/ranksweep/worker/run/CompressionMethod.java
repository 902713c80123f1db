package org.ranksweep.worker.run;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The compression methods a trial may name. */
public enum CompressionMethod {
    /** The dense base model itself, not fine-tuned. */
    DENSE("dense"),
    /** The dense control: a copy of the base model fine-tuned with the trial's recipe, like the compressed ones. */
    DENSE_FT("dense-ft"),
    /** COMCAT: head-level low-rank factorisation of the per-head W_QK and W_VO products. */
    COMCAT("comcat"),
    /** COMCAT with its ranks chosen per matrix by the rank search ({@code org.ranksweep.worker.search}). */
    COMCAT_AUTO("comcat-auto"),
    /** Matrix-level baseline: plain SVD of each of q, k, v, o. */
    SVD_MATRIX("svd-matrix"),
    /** Structured baseline: keeps the most important whole heads. */
    HEAD_PRUNE("head-prune");

    private final String specName;

    CompressionMethod(String specName) {
        this.specName = specName;
    }

    /** The name sweep specs use. */
    public String specName() {
        return specName;
    }

    /** Every spec name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(CompressionMethod::specName).toList();
    }

    public static Optional<CompressionMethod> find(String name) {
        return Arrays.stream(values()).filter(method -> method.specName.equals(name)).findFirst();
    }
}
