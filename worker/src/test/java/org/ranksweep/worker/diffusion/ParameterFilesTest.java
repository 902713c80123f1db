package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFilesTest {

    @TempDir
    Path directory;

    @Test
    void aDeltaHoldsFourBytesPerTrainedParameterPlusItsHeaderAndNothingElse() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (CustomizationMethod method : CustomizationMethod.values()) {
                DiffusionTransformer model = CustomizationMethodTest.customized(manager, method, 7);
                List<Pair<String, Parameter>> trained = method.trainedParameters(model);
                Path delta = directory.resolve(method.label() + ".safetensors");
                long size = ParameterFiles.write(delta, trained, Map.of("method", method.label(), "rank", "2"));
                long parameters = trained.stream()
                        .mapToLong(entry -> entry.getValue().getArray().size())
                        .sum();
                assertThat(size)
                        .as(method.label())
                        .isEqualTo(Files.size(delta))
                        .isEqualTo(8 + headerLength(delta) + 4 * parameters);
            }
        }
    }

    @Test
    void aDeltaReadIntoTheBasePlusAdaptersReproducesTheCustomizedModel() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (CustomizationMethod method : CustomizationMethod.values()) {
                DiffusionTransformer customized = CustomizationMethodTest.customized(manager, method, 8);
                Path delta = directory.resolve(method.label() + ".safetensors");
                ParameterFiles.write(delta, method.trainedParameters(customized), Map.of("concept", "8"));
                DiffusionTransformer fresh = TinyGenerator.adapted(manager, method.adapter(2), 8);
                assertThat(TinyGenerator.predict(fresh, manager))
                        .isNotEqualTo(TinyGenerator.predict(customized, manager));
                Map<String, String> metadata = ParameterFiles.read(delta, TinyGenerator.all(fresh));
                assertThat(metadata).containsEntry("concept", "8");
                assertThat(TinyGenerator.predict(fresh, manager))
                        .as(method.label())
                        .containsExactly(TinyGenerator.predict(customized, manager));
            }
        }
    }

    @Test
    void readingRefusesATensorTheModelDoesNotHave() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionTransformer lora = TinyGenerator.adapted(manager, AttentionAdapter.lora(2), 9);
            Path delta = directory.resolve("lora.safetensors");
            ParameterFiles.write(delta, CustomizationMethod.LORA.trainedParameters(lora), Map.of());
            DiffusionTransformer plain = TinyGenerator.base(manager, 9);
            assertThatThrownBy(() -> ParameterFiles.read(delta, TinyGenerator.all(plain)))
                    .hasMessageContaining(delta.toString())
                    .hasMessageContaining("loraDown")
                    .hasMessageContaining("is no parameter of this model");
        }
    }

    private static long headerLength(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = new DataInputStream(in).readNBytes(8);
            return ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }
}
