package org.ranksweep.db.worker;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A worker as it registered itself. Immutable.
 *
 * @param workerId        unique id (e.g. the Hazelcast member UUID or host:pid)
 * @param device          {@code cpu} or {@code gpu}
 * @param deviceCount     GPUs (0 on CPU-only hosts)
 * @param slots           trials it runs at once, at least 1
 * @param memoryBytes     memory available to trials
 * @param engine          compute engine and version, e.g. {@code PyTorch 2.7.1}
 * @param capabilities    anything else it advertises (datasets present, flavours); JSON-compatible values
 * @param lastHeartbeatAt when it was last heard from
 */
public record WorkerInfo(
        String workerId,
        String host,
        String device,
        int deviceCount,
        int slots,
        long memoryBytes,
        String engine,
        Map<String, Object> capabilities,
        Instant startedAt,
        Instant lastHeartbeatAt) {

    public WorkerInfo {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
    }
}
