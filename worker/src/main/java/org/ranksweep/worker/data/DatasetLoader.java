package org.ranksweep.worker.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.spec.DatasetSpec;

/**
 * Loads a {@link DatasetSpec} (Fashion-MNIST, synthetic, or an ImageNet-style image folder) into train / held-out /
 * test splits. The held-out slice is taken from a permutation of the training split fixed by a constant seed, so it
 * is the same images for every trial and seed of a dataset spec; {@code trainLimit} caps the images after it; {@code testLimit} keeps the first test images. Thread-safe.
 */
public final class DatasetLoader {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SYNTHETIC = "synthetic";
    public static final String IMAGEFOLDER = "imagefolder";
    static final int SYNTHETIC_TRAIN_DEFAULT = 4000;
    static final int SYNTHETIC_TEST_DEFAULT = 1000;
    private static final long SPLIT_SEED = 0x5EED_5911L;
    private static final long SYNTHETIC_TRAIN_SEED = 11;
    private static final long SYNTHETIC_TEST_SEED = 12;
    private static final int FASHION_MNIST_CLASSES = 10;

    private final FashionMnistFiles fashionMnistFiles;

    public DatasetLoader(FashionMnistFiles fashionMnistFiles) {
        this.fashionMnistFiles = fashionMnistFiles;
    }

    /** The default places: Debian's package directory, then {@code cacheDirectory}, then a download. */
    public static DatasetLoader withDefaults(Path cacheDirectory) {
        return new DatasetLoader(FashionMnistFiles.withDefaults(cacheDirectory));
    }

    public SplitDataset load(DatasetSpec spec) {
        validate(spec);
        if (SYNTHETIC.equals(spec.name())) {
            int trainSize = spec.heldOut() + (spec.trainLimit() == null ? SYNTHETIC_TRAIN_DEFAULT : spec.trainLimit());
            int testSize = spec.testLimit() == null ? SYNTHETIC_TEST_DEFAULT : spec.testLimit();
            return split(
                    spec,
                    SyntheticImages.generate(trainSize, SYNTHETIC_TRAIN_SEED),
                    SyntheticImages.generate(testSize, SYNTHETIC_TEST_SEED),
                    SyntheticImages.CLASSES);
        }
        if (IMAGEFOLDER.equals(spec.name())) {
            return imageFolder(spec);
        }
        Path directory = fashionMnistFiles.locate(spec.path());
        try {
            ImageSet train = IdxFiles.read(
                    directory.resolve(FashionMnistFiles.TRAIN_IMAGES),
                    directory.resolve(FashionMnistFiles.TRAIN_LABELS));
            ImageSet test = IdxFiles.read(
                    directory.resolve(FashionMnistFiles.TEST_IMAGES), directory.resolve(FashionMnistFiles.TEST_LABELS));
            return split(spec, train, test, FASHION_MNIST_CLASSES);
        } catch (IOException e) {
            throw new RankSweepException(
                    "dataset " + spec.name() + ": cannot read IDX files in " + directory + ": " + Failures.describe(e),
                    e);
        }
    }

    /**
     * An ImageNet-style directory: {@code <path>/train/<class>/*} and {@code <path>/val/<class>/*}, decoded on demand
     * through DeiT's evaluation transform and normalised with ImageNet's statistics (what pretrained DeiT weights
     * expect), not with statistics of the images.
     */
    private static SplitDataset imageFolder(DatasetSpec spec) {
        Path root = Path.of(spec.path());
        ImageFolder train = ImageFolder.scan(root.resolve("train"), null, EvalTransform.COMCAT);
        ImageFolder validation = ImageFolder.scan(root.resolve("val"), train.classes(), EvalTransform.COMCAT);
        return split(
                spec,
                ImageSet.of(train),
                ImageSet.of(validation),
                train.classes().size(),
                Normalization.IMAGENET,
                EvalTransform.COMCAT);
    }

    private static SplitDataset split(DatasetSpec spec, ImageSet fullTrain, ImageSet fullTest, int classes) {
        return split(spec, fullTrain, fullTest, classes, null, null);
    }

    /**
     * Cuts the splits; {@code normalization} null means the statistics of the training images, {@code transform}
     * is how the images were resized (null: used as stored).
     */
    private static SplitDataset split(
            DatasetSpec spec,
            ImageSet fullTrain,
            ImageSet fullTest,
            int classes,
            Normalization normalization,
            EvalTransform transform) {
        if (spec.heldOut() >= fullTrain.size()) {
            throw ValidationException.of(
                    "dataset.heldOut",
                    "held-out " + spec.heldOut() + " leaves no training images of " + fullTrain.size());
        }
        int[] order = permutation(fullTrain.size(), SPLIT_SEED);
        ImageSet heldOut = fullTrain.select(Arrays.copyOfRange(order, 0, spec.heldOut()));
        int trainEnd =
                spec.trainLimit() == null ? order.length : Math.min(order.length, spec.heldOut() + spec.trainLimit());
        ImageSet train = fullTrain.select(Arrays.copyOfRange(order, spec.heldOut(), trainEnd));
        ImageSet test = spec.testLimit() == null ? fullTest : fullTest.head(spec.testLimit());
        return new SplitDataset(
                spec.name(),
                train,
                heldOut,
                test,
                normalization == null ? train.statistics() : normalization,
                classes,
                transform);
    }

    private static void validate(DatasetSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (!List.of(FASHION_MNIST, SYNTHETIC, IMAGEFOLDER).contains(spec.name())) {
            problems.add(new Problem(
                    "dataset.name",
                    "unknown dataset '" + spec.name() + "' (known: " + FASHION_MNIST + ", " + SYNTHETIC + ", "
                            + IMAGEFOLDER + ")"));
        }
        if (IMAGEFOLDER.equals(spec.name())
                && (spec.path() == null || spec.path().isBlank())) {
            problems.add(new Problem("dataset.path", "imagefolder needs the directory holding train/ and val/"));
        }
        if (spec.heldOut() < 0) {
            problems.add(new Problem("dataset.heldOut", "must be at least 0, was " + spec.heldOut()));
        }
        if (spec.trainLimit() != null && spec.trainLimit() < 1) {
            problems.add(new Problem("dataset.trainLimit", "must be at least 1, was " + spec.trainLimit()));
        }
        if (spec.testLimit() != null && spec.testLimit() < 1) {
            problems.add(new Problem("dataset.testLimit", "must be at least 1, was " + spec.testLimit()));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** A Fisher-Yates permutation of 0..size-1 drawn from {@code seed}. */
    public static int[] permutation(int size, long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
