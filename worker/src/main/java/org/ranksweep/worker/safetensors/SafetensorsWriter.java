package org.ranksweep.worker.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects F32 tensors and string metadata and writes them as one safetensors file: the header padded with spaces
 * to a multiple of 8 bytes (as the reference writer does, so data stays aligned), tensors stored back to back in
 * the order they were added. Values may be supplied lazily, so a large model is never held in Java arrays all at
 * once. The file is written to a temporary sibling and moved into place. Not thread-safe.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Supplier<float[]>> values = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor of the given shape whose row-major values are {@code data}. */
    public SafetensorsWriter add(String name, long[] shape, float[] data) {
        requireSize(name, shape, data.length);
        return add(name, shape, () -> data);
    }

    /** Adds a tensor of the given shape whose row-major values {@code data} supplies while the file is written. */
    public SafetensorsWriter add(String name, long[] shape, Supplier<float[]> data) {
        if (name.equals(SafetensorsFile.METADATA_KEY) || values.containsKey(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already used");
        }
        values.put(name, data);
        shapes.put(name, shape.clone());
        return this;
    }

    private static long elements(long[] shape) {
        long elements = 1;
        for (long dimension : shape) {
            elements *= dimension;
        }
        return elements;
    }

    private static void requireSize(String name, long[] shape, int length) {
        if (elements(shape) != length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + elements(shape) + " values, got " + length);
        }
    }

    /** Adds one {@code __metadata__} entry. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Writes the file, replacing {@code target} when it exists. */
    public void write(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
            writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the whole file to a stream. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] header = header();
        ByteBuffer length =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(length.array());
        out.write(header);
        for (Map.Entry<String, Supplier<float[]>> tensor : values.entrySet()) {
            float[] data = tensor.getValue().get();
            requireSize(tensor.getKey(), shapes.get(tensor.getKey()), data.length);
            ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(data);
            out.write(bytes.array());
        }
    }

    private byte[] header() {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(SafetensorsFile.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, long[]> tensor : shapes.entrySet()) {
            ObjectNode entry = header.putObject(tensor.getKey());
            entry.put("dtype", TensorType.F32.name());
            ArrayNode shape = entry.putArray("shape");
            for (long dimension : tensor.getValue()) {
                shape.add(dimension);
            }
            long end = offset + 4L * elements(tensor.getValue());
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        try {
            byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
            byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
            Arrays.fill(padded, json.length, padded.length, (byte) ' ');
            return padded;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
