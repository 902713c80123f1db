package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.spec.DatasetSpec;

class ImageFolderTest {

    private static final int CROP = EvalTransform.TIMM_DEIT.crop();

    @TempDir
    Path root;

    /** train/ and val/ with classes "bird" and "cat" (sorted: bird = 0, cat = 1), PNG and JPEG, odd sizes. */
    private void writeFixture() throws Exception {
        for (String split : List.of("train", "val")) {
            write(split + "/cat/a.png", solid(300, 260, new Color(200, 100, 50)), "png");
            write(split + "/cat/b.JPEG", solid(250, 400, new Color(20, 180, 90)), "jpeg");
            write(split + "/bird/c.png", halves(600, 300), "png");
        }
        write("train/bird/d.jpg", solid(320, 240, Color.GRAY), "jpeg");
        Files.writeString(root.resolve("train/bird/notes.txt"), "not an image");
    }

    @Test
    void labelsFollowSortedClassDirectoriesAndImagesComeOutAsDeitCrops() throws Exception {
        writeFixture();
        ImageFolder train = ImageFolder.scan(root.resolve("train"), null, EvalTransform.TIMM_DEIT);
        assertThat(train.classes()).containsExactly("bird", "cat");
        assertThat(train.size()).isEqualTo(4);
        assertThat(train.label(0)).isZero();
        assertThat(train.file(2).getFileName().toString()).isEqualTo("a.png");
        assertThat(train.label(2)).isEqualTo(1);
        byte[] image = new byte[3 * CROP * CROP];
        train.read(2, image, 0);
        int[] expected = {200, 100, 50};
        for (int channel = 0; channel < 3; channel++) {
            for (int pixel = 0; pixel < CROP * CROP; pixel += 997) {
                assertThat(image[channel * CROP * CROP + pixel] & 0xFF).isEqualTo(expected[channel]);
            }
        }
    }

    @Test
    void landscapeImageIsResizedByItsShorterSideAndCroppedAtTheCentre() throws Exception {
        write("c.png", halves(600, 300), "png");
        // 600×300 → 496×248; the centre crop starts at x = 136, so the red/blue edge (x = 248) lands at column 112.
        byte[] image = new byte[3 * CROP * CROP];
        EvalTransform.TIMM_DEIT.apply(ImageIO.read(root.resolve("c.png").toFile()), image, 0);
        int row = 100 * CROP;
        assertThat(image[row + 100] & 0xFF).as("red at column 100").isEqualTo(255);
        assertThat(image[2 * CROP * CROP + row + 100] & 0xFF)
                .as("no blue at column 100")
                .isZero();
        assertThat(image[row + 124] & 0xFF).as("no red at column 124").isZero();
        assertThat(image[2 * CROP * CROP + row + 124] & 0xFF)
                .as("blue at column 124")
                .isEqualTo(255);
    }

    @Test
    void imageAlreadyAtTheResizeSideIsOnlyCropped() throws Exception {
        BufferedImage noise = new BufferedImage(248, 248, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int y = 0; y < 248; y++) {
            for (int x = 0; x < 248; x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        byte[] image = new byte[3 * CROP * CROP];
        EvalTransform.TIMM_DEIT.apply(noise, image, 0);
        for (int y = 0; y < CROP; y += 7) {
            for (int x = 0; x < CROP; x += 5) {
                int rgb = noise.getRGB(x + 12, y + 12);
                assertThat(image[y * CROP + x] & 0xFF).isEqualTo((rgb >> 16) & 0xFF);
                assertThat(image[CROP * CROP + y * CROP + x] & 0xFF).isEqualTo((rgb >> 8) & 0xFF);
                assertThat(image[2 * CROP * CROP + y * CROP + x] & 0xFF).isEqualTo(rgb & 0xFF);
            }
        }
    }

    @Test
    void datasetLoaderServesTheFolderWithImagenetNormalisation() throws Exception {
        writeFixture();
        SplitDataset data = DatasetLoader.withDefaults(root.resolve("cache"))
                .load(new DatasetSpec("imagefolder", root.toString(), 1, null, null, "none"));
        assertThat(data.classes()).isEqualTo(2);
        assertThat(data.heldOut().size() + data.train().size()).isEqualTo(4);
        assertThat(data.test().size()).isEqualTo(3);
        assertThat(data.normalization()).isEqualTo(Normalization.IMAGENET);
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageBatch batch = new Batches(data.test(), data.normalization(), 3)
                    .load(manager, Batches.sequentialOrder(3), 0, null);
            assertThat(batch.images().getShape().getShape()).containsExactly(3, 3, CROP, CROP);
            // Test image 1 is val/cat/a.png, solid (200, 100, 50).
            float[] pixels = batch.images().get(1).toFloatArray();
            int[] colour = {200, 100, 50};
            for (int channel = 0; channel < 3; channel++) {
                double expected = (colour[channel] / 255.0 - Normalization.IMAGENET.mean(channel))
                        / Normalization.IMAGENET.std(channel);
                assertThat((double) pixels[channel * CROP * CROP + 5000])
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(batch.labels().toLongArray()).containsExactly(0, 1, 1);
        }
    }

    @Test
    void mismatchedClassesAndUndecodableFilesAreNamed() throws Exception {
        writeFixture();
        Files.createDirectories(root.resolve("val/dog"));
        ImageFolder train = ImageFolder.scan(root.resolve("train"), null, EvalTransform.TIMM_DEIT);
        assertThatThrownBy(() -> ImageFolder.scan(root.resolve("val"), train.classes(), EvalTransform.TIMM_DEIT))
                .hasMessageContaining(root.resolve("val").toString())
                .hasMessageContaining("dog");
        Path broken = root.resolve("train/bird/e.jpg");
        Files.writeString(broken, "this is no JPEG");
        ImageFolder again = ImageFolder.scan(root.resolve("train"), null, EvalTransform.TIMM_DEIT);
        int index = again.file(0).equals(broken) ? 0 : again.file(1).equals(broken) ? 1 : 2;
        assertThat(again.file(index)).isEqualTo(broken);
        assertThatThrownBy(() -> again.read(index, new byte[3 * CROP * CROP], 0))
                .hasMessageContaining("cannot decode image " + broken);
    }

    private static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    /** Left half pure red, right half pure blue. */
    private static BufferedImage halves(int width, int height) {
        BufferedImage image = solid(width, height, Color.RED);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.BLUE);
        graphics.fillRect(width / 2, 0, width - width / 2, height);
        graphics.dispose();
        return image;
    }

    private void write(String relative, BufferedImage image, String format) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, format, file.toFile()))
                .as("ImageIO writes " + format)
                .isTrue();
    }
}
