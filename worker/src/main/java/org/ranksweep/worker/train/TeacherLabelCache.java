package org.ranksweep.worker.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.SplitDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link TeacherLabels} next to the base models, in {@code <artifacts>/base/teacher-labels/<key>.labels}. The
 * key is the SHA-256 of what the labels depend on: the teacher's parameters (names, shapes and values) and the
 * training images (shape, labels, every byte, in order) with their normalisation; so a retrained base model or
 * another data slice never reads stale labels. A file holds the SHA-256 of its labels on its first line and is
 * verified on read: one that does not match is set aside as {@code .corrupt-<UTC time>} and the labels are computed
 * again. Files are written atomically; two trials computing the same labels at once both write the same bytes.
 * Thread-safe.
 */
public final class TeacherLabelCache {

    private static final Logger LOG = LoggerFactory.getLogger(TeacherLabelCache.class);
    /** Changes whenever what the labels mean or how they are stored changes. */
    private static final String FORMAT = "teacher-labels/1";

    private final Path directory;

    public TeacherLabelCache(Path artifactDirectory) {
        this.directory =
                artifactDirectory.toAbsolutePath().normalize().resolve("base").resolve("teacher-labels");
    }

    /** The labels of {@code teacherModel} on {@code data.train()}, read from the cache or computed and kept. */
    public TeacherLabels obtain(Model teacherModel, Teacher teacher, SplitDataset data) {
        Path file = file(teacherModel, data);
        try {
            if (Files.isRegularFile(file)) {
                TeacherLabels stored = read(file);
                if (stored != null && stored.size() == data.train().size()) {
                    LOG.info("Reusing the teacher's labels of {} training images from {}", stored.size(), file);
                    return stored;
                }
                Path aside = Digests.setAside(file, file);
                LOG.warn(
                        "teacher labels {} do not match the SHA-256 they were written with; set aside as {}",
                        file,
                        aside);
            }
            long started = System.nanoTime();
            TeacherLabels labels = TeacherLabels.compute(teacher, data, teacherModel.getNDManager());
            write(file, labels);
            LOG.info(
                    "Computed the teacher's labels of {} training images in {} s; kept as {}",
                    labels.size(),
                    String.format("%.1f", (System.nanoTime() - started) / 1e9),
                    file);
            return labels;
        } catch (IOException e) {
            throw new RankSweepException("teacher label cache " + file + ": " + Failures.describe(e), e);
        }
    }

    /** Where the labels of {@code teacherModel} on {@code data.train()} are kept. */
    Path file(Model teacherModel, SplitDataset data) {
        MessageDigest digest = Digests.digest();
        digest.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        for (Pair<String, Parameter> entry : teacherModel.getBlock().getParameters()) {
            NDArray array = entry.getValue().getArray();
            digest.update((entry.getKey() + array.getShape() + array.getDataType()).getBytes(StandardCharsets.UTF_8));
            digest.update(array.toByteArray());
        }
        Normalization normalization = data.normalization();
        digest.update((Arrays.toString(normalization.means()) + Arrays.toString(normalization.stds()))
                .getBytes(StandardCharsets.UTF_8));
        data.train().digestInto(digest);
        return directory.resolve(Digests.hex(digest.digest()) + ".labels");
    }

    /** The labels in {@code file}, or null when they do not match the SHA-256 recorded with them. */
    private static TeacherLabels read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int newline = indexOf(content, (byte) '\n');
        if (newline < 0) {
            return null;
        }
        String recorded = new String(content, 0, newline, StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOfRange(content, newline + 1, content.length);
        if (!Digests.sha256(payload).equals(recorded) || payload.length % 4 != 0) {
            return null;
        }
        return TeacherLabels.fromBytes(payload);
    }

    private static void write(Path file, TeacherLabels labels) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] payload = labels.toBytes();
        byte[] header = (Digests.sha256(payload) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary =
                Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            byte[] content = Arrays.copyOf(header, header.length + payload.length);
            System.arraycopy(payload, 0, content, header.length, payload.length);
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
