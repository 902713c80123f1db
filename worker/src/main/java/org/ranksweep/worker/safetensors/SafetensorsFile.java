package org.ranksweep.worker.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;

/**
 * An open safetensors file: the header is read and checked when the file is opened (8-byte little-endian header
 * length, a JSON object of tensors with {@code dtype}, {@code shape} and {@code data_offsets}, and an optional
 * {@code __metadata__} map of strings); tensor data is read on demand, one tensor at a time, so multi-hundred-MB
 * checkpoints are never held in memory twice. Every problem is reported naming the file and the tensor. Not
 * thread-safe; close it when done.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The key of the free-form string map in a header. */
    public static final String METADATA_KEY = "__metadata__";
    /** The reference implementation refuses headers above 100 MB; so do we. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(
            Path path,
            FileChannel channel,
            long dataStart,
            Map<String, TensorEntry> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and checks a file. */
    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new NotFoundException("safetensors file " + path + " does not exist");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 8) {
                throw malformed(path, "shorter than the 8-byte header length");
            }
            long headerLength =
                    readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw malformed(path, "header length " + headerLength + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength);
            String headerText = StandardCharsets.UTF_8.decode(headerBytes).toString();
            JsonNode header;
            try {
                header = JSON.readTree(headerText);
            } catch (JsonProcessingException e) {
                throw malformed(path, "header is not JSON: " + e.getOriginalMessage());
            }
            if (header == null || !header.isObject()) {
                throw malformed(path, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = metadata(path, header.get(METADATA_KEY));
            Map<String, TensorEntry> tensors = tensors(path, header, size - dataStart);
            SafetensorsFile file = new SafetensorsFile(path, channel, dataStart, tensors, metadata);
            channel = null;
            return file;
        } catch (IOException e) {
            throw new RankSweepException("cannot read safetensors file " + path + ": " + Failures.describe(e), e);
        } finally {
            closeQuietly(channel);
        }
    }

    public Path path() {
        return path;
    }

    /** The tensors in data order, by name. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A tensor's values as row-major floats, converted from its dtype (F32, F16, BF16, F64). */
    public float[] floats(String name) {
        TensorEntry entry = tensors.get(name);
        if (entry == null) {
            throw new NotFoundException(path + ": no tensor '" + name + "'");
        }
        TensorType type = TensorType.find(entry.dtype())
                .orElseThrow(() -> new RankSweepException(path + ": tensor '" + name + "' has dtype " + entry.dtype()
                        + "; readable as floats: F32, F16, BF16, F64"));
        long elements = entry.elements();
        if (elements > Integer.MAX_VALUE / type.bytes()) {
            throw new RankSweepException(
                    path + ": tensor '" + name + "' is too large to read (" + elements + " elements)");
        }
        try {
            ByteBuffer data = readFully(channel, dataStart + entry.begin(), (int) (entry.end() - entry.begin()));
            return type.toFloats(data.order(ByteOrder.LITTLE_ENDIAN), (int) elements);
        } catch (IOException e) {
            throw new RankSweepException(
                    "cannot read tensor '" + name + "' of " + path + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static Map<String, String> metadata(Path path, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw malformed(path, METADATA_KEY + " is not an object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw malformed(path, METADATA_KEY + "." + field.getKey() + " is not a string");
            }
            metadata.put(field.getKey(), field.getValue().asText());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Map<String, TensorEntry> tensors(Path path, JsonNode header, long dataLength) {
        List<TensorEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (!field.getKey().equals(METADATA_KEY)) {
                entries.add(entry(path, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        Map<String, TensorEntry> byName = new LinkedHashMap<>();
        long expectedBegin = 0;
        for (TensorEntry entry : entries) {
            if (entry.begin() != expectedBegin) {
                throw malformed(
                        path,
                        "tensor '" + entry.name() + "' starts at byte " + entry.begin() + ", expected " + expectedBegin
                                + " (tensors must cover the data without gaps or overlaps)");
            }
            expectedBegin = entry.end();
            byName.put(entry.name(), entry);
        }
        if (expectedBegin != dataLength) {
            throw malformed(
                    path, "the tensors cover " + expectedBegin + " bytes of data, the file holds " + dataLength);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static TensorEntry entry(Path path, String name, JsonNode node, long dataLength) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()
                || !node.path("dtype").isTextual()
                || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray()
                || node.path("data_offsets").size() != 2) {
            throw malformed(path, where + " needs dtype (string), shape (array) and data_offsets ([begin, end])");
        }
        long[] shape = new long[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = node.get("shape").get(i);
            if (!dimension.canConvertToLong() || !dimension.isIntegralNumber() || dimension.asLong() < 0) {
                throw malformed(path, where + " has an invalid shape " + node.get("shape"));
            }
            shape[i] = dimension.asLong();
        }
        long begin = node.get("data_offsets").get(0).asLong(-1);
        long end = node.get("data_offsets").get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw malformed(
                    path,
                    where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataLength + " data bytes");
        }
        TensorEntry entry = new TensorEntry(name, node.get("dtype").asText(), shape, begin, end);
        TensorType.find(entry.dtype()).ifPresent(type -> {
            if (entry.elements() * type.bytes() != end - begin) {
                throw malformed(
                        path,
                        where + " of shape " + entry.shapeText() + " and dtype " + entry.dtype()
                                + " needs " + entry.elements() * type.bytes() + " bytes, its data_offsets span "
                                + (end - begin));
            }
        });
        return entry;
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static RankSweepException malformed(Path path, String message) {
        return new RankSweepException("malformed safetensors file " + path + ": " + message);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read-only channel: nothing was written that could be lost.
            }
        }
    }
}
