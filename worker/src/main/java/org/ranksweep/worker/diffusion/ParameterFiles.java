package org.ranksweep.worker.diffusion;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.safetensors.SafetensorsFile;
import org.ranksweep.worker.safetensors.SafetensorsWriter;
import org.ranksweep.worker.safetensors.TensorEntry;

/**
 * Named parameters as one safetensors file (F32, the model's parameter names as tensor names, string metadata):
 * a generator's weights, or the delta a customization stores for a concept. Thread-safe (stateless).
 */
public final class ParameterFiles {

    private ParameterFiles() {}

    /** Writes {@code parameters} with {@code metadata} to {@code target} (atomically replaced); returns its size. */
    public static long write(Path target, List<Pair<String, Parameter>> parameters, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        metadata.forEach(writer::metadata);
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            writer.add(
                    entry.getKey(),
                    parameter.getArray().getShape().getShape(),
                    () -> parameter.getArray().toFloatArray());
        }
        writer.write(target);
        return Files.size(target);
    }

    /**
     * Reads every tensor of {@code source} into the parameter of the same name in {@code parameters}; a tensor no
     * parameter is named after, or of another shape, is an error naming it. Parameters the file does not hold (an
     * adapter's, when a base is read) keep their values.
     *
     * @return the file's metadata
     */
    public static Map<String, String> read(Path source, List<Pair<String, Parameter>> parameters) {
        TorchRuntime.disableGradients();
        Map<String, Parameter> byName = new HashMap<>();
        parameters.forEach(entry -> byName.put(entry.getKey(), entry.getValue()));
        try (SafetensorsFile file = SafetensorsFile.open(source)) {
            for (TensorEntry tensor : file.tensors().values()) {
                Parameter parameter = byName.get(tensor.name());
                if (parameter == null) {
                    throw new IllegalArgumentException(
                            source + ": tensor " + tensor.name() + " is no parameter of this model");
                }
                long[] expected = parameter.getArray().getShape().getShape();
                if (!Arrays.equals(expected, tensor.shape())) {
                    throw new IllegalArgumentException(source + ": tensor " + tensor.name() + " has shape "
                            + tensor.shapeText() + ", the model's parameter " + Arrays.toString(expected));
                }
                ParameterValues.write(parameter, file.floats(tensor.name()));
            }
            return file.metadata();
        }
    }
}
