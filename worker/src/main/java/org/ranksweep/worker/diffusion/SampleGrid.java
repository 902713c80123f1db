package org.ranksweep.worker.diffusion;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ranksweep.worker.data.ImageSet;

/**
 * Lays grey images out as a PNG: one row per image set, {@code columns} images per row, a one-pixel gap. Thread-safe
 * (stateless).
 */
public final class SampleGrid {

    private SampleGrid() {}

    /** Writes every image of {@code images}, {@code columns} per row in order, to {@code target} (replaced). */
    public static void writeTiled(ImageSet images, int columns, Path target) throws IOException {
        List<ImageSet> rows = new java.util.ArrayList<>();
        for (int first = 0; first < images.size(); first += columns) {
            rows.add(images.select(java.util.stream.IntStream.range(first, Math.min(first + columns, images.size()))
                    .toArray()));
        }
        write(rows, columns, target);
    }

    /** Writes the first {@code columns} images of every set in {@code rows} to {@code target} (replaced). */
    public static void write(List<ImageSet> rows, int columns, Path target) throws IOException {
        int height = rows.get(0).height();
        int width = rows.get(0).width();
        BufferedImage grid = new BufferedImage(
                columns * (width + 1) + 1, rows.size() * (height + 1) + 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < rows.size(); row++) {
            ImageSet images = rows.get(row);
            if (images.channels() != 1 || images.height() != height || images.width() != width) {
                throw new IllegalArgumentException(
                        "sample grid: row " + row + " is not " + height + "×" + width + " grey images");
            }
            for (int column = 0; column < Math.min(columns, images.size()); column++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int level = images.pixel(column, y * width + x);
                        grid.getRaster().setSample(1 + column * (width + 1) + x, 1 + row * (height + 1) + y, 0, level);
                    }
                }
            }
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".part");
        if (!ImageIO.write(grid, "png", temporary.toFile())) {
            throw new IOException("no PNG writer available");
        }
        Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
