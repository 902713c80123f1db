package org.ranksweep.core.spec;

import java.util.List;
import java.util.regex.Pattern;

/** The fixed vocabularies of a sweep spec besides method names ({@link org.ranksweep.core.method.Methods}). Thread-safe (constants). */
public final class SpecNames {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SYNTHETIC = "synthetic";
    /** An ImageNet-style directory ({@code path}/train/&lt;class&gt;/*, {@code path}/val/&lt;class&gt;/*). */
    public static final String IMAGEFOLDER = "imagefolder";

    public static final List<String> DATASETS = List.of(FASHION_MNIST, SYNTHETIC, IMAGEFOLDER);

    /** No training augmentation. */
    public static final String AUGMENT_NONE = "none";
    /** A random shift of up to two pixels (zero padding) and a horizontal flip half of the time. */
    public static final String AUGMENT_LIGHT = "light";
    /** DeiT's training recipe: RandAugment, random erasing, mixup/cutmix, label smoothing, drop-path. */
    public static final String AUGMENT_DEIT = "deit";

    public static final List<String> AUGMENTATIONS = List.of(AUGMENT_NONE, AUGMENT_LIGHT, AUGMENT_DEIT);

    public static final String GRID = "grid";
    public static final String RANDOM = "random";
    public static final List<String> ALGORITHMS = List.of(GRID, RANDOM);

    public static final String CPU = "cpu";
    public static final String GPU = "gpu";
    public static final List<String> DEVICES = List.of(CPU, GPU);

    public static final String L1 = "l1";
    public static final String TAYLOR = "taylor";
    public static final List<String> IMPORTANCES = List.of(L1, TAYLOR);

    /**
     * The warm start of per-layer rank candidates: one more point whose ranks the worker chooses from the trained base
     * model's attention spectrum.
     */
    public static final String SPECTRUM = "spectrum";

    public static final List<String> WARM_STARTS = List.of(SPECTRUM);

    /** Noise schedules of a customization sweep's generator. */
    public static final String COSINE = "cosine";

    public static final String LINEAR = "linear";
    public static final List<String> SCHEDULES = List.of(COSINE, LINEAR);

    /** Sweep names and method labels: safe in URLs, file names and command lines. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private SpecNames() {}
}
