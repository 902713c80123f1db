package org.ranksweep.worker.diffusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ranksweep.core.customize.CustomizationArtifacts;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.worker.safetensors.SafetensorsFile;
import org.ranksweep.worker.safetensors.SafetensorsWriter;
import org.ranksweep.worker.safetensors.TensorEntry;

/**
 * Exports a customization trial's delta: the trained parameters exactly as stored in its artifact directory, with the
 * stored metadata (format, method, rank, concept, token, shots, steps, learning rate, seed, base generator) and the
 * caller's entries added. Thread-safe (stateless).
 */
public final class DeltaExport {

    private DeltaExport() {}

    /** Writes the delta of the trial whose artifacts are in {@code artifactDirectory} to {@code target}. */
    public static void export(Path artifactDirectory, Path target, Map<String, String> extraMetadata)
            throws IOException {
        Path delta = artifactDirectory.resolve(CustomizationArtifacts.DELTA);
        if (!Files.isRegularFile(delta)) {
            throw new NotFoundException("no customization delta at " + delta
                    + " (the trial's artifact directory must be readable from this machine)");
        }
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile file = SafetensorsFile.open(delta)) {
            file.metadata().forEach(writer::metadata);
            extraMetadata.forEach(writer::metadata);
            for (TensorEntry tensor : file.tensors().values()) {
                writer.add(tensor.name(), tensor.shape(), file.floats(tensor.name()));
            }
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer.write(target);
        }
    }
}
