package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.DatasetSpec;

class DatasetLoaderTest {

    private static final Path DEBIAN = FashionMnistFiles.DEBIAN_DIRECTORY;

    @TempDir
    Path temporary;

    @Test
    void splitsFashionMnistIntoHeldOutTrainAndTestWithTheRequestedSizes() {
        SplitDataset data = loader().load(new DatasetSpec("fashion-mnist", null, 1000, 2000, 500, "none"));
        assertThat(data.heldOut().size()).isEqualTo(1000);
        assertThat(data.train().size()).isEqualTo(2000);
        assertThat(data.test().size()).isEqualTo(500);
        assertThat(data.classes()).isEqualTo(10);
        assertThat(data.train().height()).isEqualTo(28);
        assertThat(data.normalization().mean(0)).isBetween(0.2, 0.4);
    }

    @Test
    void batchesCarryTheFilesUnsignedPixelsNormalised() throws IOException {
        byte[] raw = firstTestImage(DEBIAN.resolve(FashionMnistFiles.TEST_IMAGES));
        assertThat(maximum(raw)).as("the image exercises bytes above 127").isGreaterThan(127);
        SplitDataset data = loader().load(new DatasetSpec("fashion-mnist", null, 0, 100, 10, "none"));
        Normalization normalization = data.normalization();
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageBatch batch =
                    new Batches(data.test(), normalization, 4).load(manager, Batches.sequentialOrder(10), 0, null);
            float[] pixels = batch.images().get(0).toFloatArray();
            for (int i = 0; i < raw.length; i++) {
                double expected = ((raw[i] & 0xFF) / 255.0 - normalization.mean(0)) / normalization.std(0);
                assertThat((double) pixels[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(batch.labels().getLong(0)).isEqualTo(firstTestLabel());
        }
    }

    @Test
    void heldOutImagesAreNotInTheTrainingSplitAndLoadingIsDeterministic() {
        DatasetSpec spec = new DatasetSpec("synthetic", null, 300, 1000, 100, "none");
        SplitDataset first = loader().load(spec);
        SplitDataset second = loader().load(spec);
        assertThat(first.train().pixels()).isEqualTo(second.train().pixels());
        Set<String> training = fingerprints(first.train());
        assertThat(fingerprints(first.heldOut())).doesNotContainAnyElementsOf(training);
    }

    @Test
    void usesTheCacheDirectoryWhenNoSharedDirectoryHoldsTheFiles() throws IOException {
        Path cache = temporary.resolve("cache");
        Files.createDirectories(cache.resolve("fashion-mnist"));
        for (String file : List.of(
                FashionMnistFiles.TRAIN_IMAGES,
                FashionMnistFiles.TRAIN_LABELS,
                FashionMnistFiles.TEST_IMAGES,
                FashionMnistFiles.TEST_LABELS)) {
            Files.copy(DEBIAN.resolve(file), cache.resolve("fashion-mnist").resolve(file));
        }
        FashionMnistFiles files = new FashionMnistFiles(List.of(temporary.resolve("absent")), cache, false);
        assertThat(files.locate(null)).isEqualTo(cache.resolve("fashion-mnist"));
    }

    @Test
    void missingDataWithoutDownloadNamesWhereItLooked() {
        FashionMnistFiles files = new FashionMnistFiles(List.of(temporary.resolve("absent")), temporary, false);
        assertThatThrownBy(() -> files.locate(null))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(temporary.resolve("fashion-mnist").toString());
    }

    @Test
    void aMissingExplicitPathIsNamed() {
        String path = temporary.resolve("no-such-dir").toString();
        assertThatThrownBy(() -> loader().load(new DatasetSpec("fashion-mnist", path, 0, null, null, "none")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("dataset.path")
                .hasMessageContaining(path);
    }

    @Test
    void anExplicitPathWithoutTheFilesNamesTheMissingFile() {
        assertThatThrownBy(() ->
                        loader().load(new DatasetSpec("fashion-mnist", temporary.toString(), 0, null, null, "none")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz");
    }

    @Test
    void rejectsUnknownDatasetsAndOversizedHeldOutSlices() {
        assertThatThrownBy(() -> loader().load(new DatasetSpec("cifar-10", null, 0, null, null, "none")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("dataset.name")
                .hasMessageContaining("cifar-10");
        assertThatThrownBy(() -> loader().load(new DatasetSpec("synthetic", null, 5000, 0, null, "none")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("dataset.trainLimit");
    }

    @Test
    void epochOrdersArePermutationsFixedBySeedAndEpoch() {
        int[] order = Batches.epochOrder(1000, 5, 2);
        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(Batches.sequentialOrder(1000));
        assertThat(Batches.epochOrder(1000, 5, 2)).isEqualTo(order);
        assertThat(Batches.epochOrder(1000, 5, 3)).isNotEqualTo(order);
        assertThat(Batches.epochOrder(1000, 6, 2)).isNotEqualTo(order);
    }

    @Test
    void augmentationShiftsOrFlipsButKeepsMostOfTheImage() {
        ImageSet images = SyntheticImages.generate(1, 3);
        byte[] source = images.pixels();
        byte[] augmented = new byte[source.length];
        new Augmentation(1).copy(source, 0, augmented, 0, 1, 28, 28);
        long sourceBright = countAbove(source, 100);
        long augmentedBright = countAbove(augmented, 100);
        assertThat(augmentedBright).isBetween(sourceBright * 7 / 10, sourceBright);
    }

    private DatasetLoader loader() {
        return DatasetLoader.withDefaults(temporary.resolve("cache"));
    }

    private static Set<String> fingerprints(ImageSet images) {
        Set<String> fingerprints = new HashSet<>();
        for (int image = 0; image < images.size(); image++) {
            fingerprints.add(Arrays.toString(Arrays.copyOfRange(
                    images.pixels(), image * images.imageBytes(), (image + 1) * images.imageBytes())));
        }
        return fingerprints;
    }

    private static byte[] firstTestImage(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.skipBytes(16);
            byte[] image = new byte[28 * 28];
            in.readFully(image);
            return image;
        }
    }

    private static long firstTestLabel() throws IOException {
        Path file = DEBIAN.resolve(FashionMnistFiles.TEST_LABELS);
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            in.skipBytes(8);
            return in.readUnsignedByte();
        }
    }

    private static int maximum(byte[] raw) {
        int max = 0;
        for (byte value : raw) {
            max = Math.max(max, value & 0xFF);
        }
        return max;
    }

    private static long countAbove(byte[] pixels, int threshold) {
        long count = 0;
        for (byte value : pixels) {
            if ((value & 0xFF) > threshold) {
                count++;
            }
        }
        return count;
    }
}
