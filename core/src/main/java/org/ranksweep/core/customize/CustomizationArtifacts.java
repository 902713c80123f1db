package org.ranksweep.core.customize;

/**
 * The files of a customization trial's artifact directory: the worker writes them, the API serves the grid and
 * {@code ranksweep export} copies the delta.
 */
public final class CustomizationArtifacts {

    /** Exactly the trained parameters, as safetensors, with method, rank and concept in the metadata. */
    public static final String DELTA = "delta.safetensors";
    /** A PNG grid of the first concept samples the fidelity counts. */
    public static final String SAMPLES = "samples.png";

    private CustomizationArtifacts() {}
}
