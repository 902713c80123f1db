package org.ranksweep.worker.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the IDX format of (Fashion-)MNIST, gzip-compressed or not. Thread-safe (stateless). */
public final class IdxFiles {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /** Reads an images file and its labels file into one set of single-channel images. */
    public static ImageSet read(Path imagesFile, Path labelsFile) throws IOException {
        int[] labels = readLabels(labelsFile);
        try (DataInputStream in = open(imagesFile)) {
            expectMagic(in, IMAGES_MAGIC, imagesFile);
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (count != labels.length) {
                throw new IOException(imagesFile + " holds " + count + " images but " + labelsFile + " holds "
                        + labels.length + " labels");
            }
            byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, rows), columns)];
            in.readFully(pixels);
            return new ImageSet(pixels, labels, 1, rows, columns);
        }
    }

    private static int[] readLabels(Path labelsFile) throws IOException {
        try (DataInputStream in = open(labelsFile)) {
            expectMagic(in, LABELS_MAGIC, labelsFile);
            byte[] raw = new byte[in.readInt()];
            in.readFully(raw);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream content = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new BufferedInputStream(content, 1 << 16));
    }

    private static void expectMagic(DataInputStream in, int expected, Path file) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new IOException(file + " is not an IDX file of the expected kind (magic " + Integer.toHexString(magic)
                    + ", expected " + Integer.toHexString(expected) + ")");
        }
    }
}
