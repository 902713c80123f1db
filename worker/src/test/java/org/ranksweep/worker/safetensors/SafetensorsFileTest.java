package org.ranksweep.worker.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.RankSweepException;

class SafetensorsFileTest {

    @TempDir
    Path directory;

    @Test
    void readsHalfAndBfloat16TensorsAsTheFloatsTheyEncode() throws Exception {
        // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 65504 = 0x7BFF (largest), 2^-24 = 0x0001 (smallest subnormal).
        // BF16: the upper 16 bits of the float: 1.0 = 0x3F80, -0.15625 = 0xBE20, 3.0e38 ≈ 0x7F62.
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits : new int[] {0x3C00, 0xC100, 0x7BFF, 0x0001, 0x3F80, 0xBE20, 0x7F62, 0x0000}) {
            data.putShort((short) bits);
        }
        Path file = write(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[8,16]}}",
                data.array());
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertThat(opened.floats("h")).containsExactly(1.0f, -2.5f, 65504f, (float) Math.pow(2, -24));
            assertThat(opened.floats("b")).containsExactly(1.0f, -0.15625f, Float.intBitsToFloat(0x7F620000), 0f);
            assertThat(opened.tensors().keySet()).containsExactly("h", "b");
            assertThat(opened.metadata()).isEmpty();
        }
    }

    @Test
    void writerOutputReadsBackWithShapesValuesAndMetadata() throws Exception {
        Path file = directory.resolve("w.safetensors");
        new SafetensorsWriter()
                .metadata("format", "pt")
                .metadata("note", "ρ = 0.5")
                .add("a", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6.5f})
                .add("scalar", new long[] {}, new float[] {-7})
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).as("header padded to 8 bytes").isZero();
        assertThat(bytes.length).isEqualTo(8 + headerLength + 7 * 4);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertThat(opened.metadata()).containsEntry("format", "pt").containsEntry("note", "ρ = 0.5");
            assertThat(opened.tensors().get("a").shape()).containsExactly(2, 3);
            assertThat(opened.floats("a")).containsExactly(1, 2, 3, 4, 5, 6.5f);
            assertThat(opened.floats("scalar")).containsExactly(-7);
        }
    }

    @Test
    void rejectsMalformedFilesNamingTheProblem() throws Exception {
        assertProblem(
                write("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'x' of shape [2] and dtype F32 needs 8 bytes, its data_offsets span 4");
        assertProblem(
                write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
                "tensor 'x' starts at byte 4, expected 0");
        assertProblem(
                write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]),
                "cover 4 bytes of data, the file holds 12");
        assertProblem(
                write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[0]),
                "tensor 'x' needs dtype (string), shape (array) and data_offsets");
        assertProblem(write("{\"__metadata__\":{\"n\":1}}", new byte[0]), "__metadata__.n is not a string");
        assertProblem(write("not json at all", new byte[0]), "header is not JSON");
        Path truncated = directory.resolve("short.safetensors");
        Files.write(
                truncated,
                ByteBuffer.allocate(12)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(1000)
                        .array());
        assertProblem(truncated, "header length 1000 does not fit a file of 12 bytes");
    }

    @Test
    void refusesToReadIntegerTensorsAsFloats() throws Exception {
        Path file = write("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> opened.floats("ids")).hasMessageContaining("tensor 'ids' has dtype I64");
        }
    }

    private void assertProblem(Path file, String message) {
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .isInstanceOf(RankSweepException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(message);
    }

    private Path write(String header, byte[] data) throws Exception {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerBytes.length)
                .array());
        out.write(headerBytes);
        out.write(data);
        Path file = Files.createTempFile(directory, "t", ".safetensors");
        Files.write(file, out.toByteArray());
        return file;
    }
}
