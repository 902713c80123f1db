package org.ranksweep.worker.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;

/**
 * A directory of images in torchvision's ImageFolder layout, e.g. one ImageNet split: one sub-directory per class,
 * class index = position of the directory name in sorted order, JPEG and PNG files inside (decoded with the JDK's
 * ImageIO). Each image is decoded and put through an {@link EvalTransform} only when a batch reads it. The file list
 * is fixed at construction. Thread-safe.
 */
public final class ImageFolder implements ImageSource {

    private final Path root;
    private final List<String> classes;
    private final List<Path> files;
    private final int[] labels;
    private final EvalTransform transform;

    private ImageFolder(Path root, List<String> classes, List<Path> files, int[] labels, EvalTransform transform) {
        this.root = root;
        this.classes = classes;
        this.files = files;
        this.labels = labels;
        this.transform = transform;
    }

    /**
     * Scans {@code root}. When {@code classes} is given (e.g. the training split's), the directory must have exactly
     * those class directories, so labels mean the same in both splits.
     */
    public static ImageFolder scan(Path root, List<String> classes, EvalTransform transform) {
        if (!Files.isDirectory(root)) {
            throw new NotFoundException("image folder " + root + " does not exist");
        }
        List<String> found = classDirectories(root);
        if (found.isEmpty()) {
            throw new RankSweepException(
                    "image folder " + root + " has no class directories (expected " + root + "/<class>/<image>.JPEG)");
        }
        if (classes != null && !classes.equals(found)) {
            throw new RankSweepException("image folder " + root + " has classes " + abbreviate(found)
                    + ", the training split has " + abbreviate(classes));
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < found.size(); label++) {
            for (Path file : images(root.resolve(found.get(label)))) {
                files.add(file);
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw new RankSweepException("image folder " + root + " holds no .jpg, .jpeg or .png files");
        }
        return new ImageFolder(
                root,
                List.copyOf(found),
                List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                transform);
    }

    /** Class directory names in index order. */
    public List<String> classes() {
        return classes;
    }

    /** The image file of index {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return transform.crop();
    }

    @Override
    public int width() {
        return transform.crop();
    }

    @Override
    public void read(int index, byte[] target, int offset) {
        Path file = files.get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new RankSweepException("cannot decode image " + file + ": " + Failures.describe(e), e);
        }
        if (image == null) {
            throw new RankSweepException("cannot decode image " + file + ": not a JPEG or PNG that ImageIO reads");
        }
        transform.apply(image, target, offset);
    }

    private static List<String> classDirectories(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RankSweepException("cannot list image folder " + root + ": " + Failures.describe(e), e);
        }
    }

    private static List<Path> images(Path directory) {
        try (Stream<Path> entries = Files.walk(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(ImageFolder::isImage)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RankSweepException("cannot list class directory " + directory + ": " + Failures.describe(e), e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpeg") || name.endsWith(".jpg") || name.endsWith(".png");
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? names.toString() : names.size() + " classes " + names.subList(0, 3) + "...";
    }

    @Override
    public String toString() {
        return "ImageFolder(" + root + ", " + classes.size() + " classes, " + files.size() + " images)";
    }
}
