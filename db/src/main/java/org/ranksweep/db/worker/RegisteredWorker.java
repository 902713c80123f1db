package org.ranksweep.db.worker;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.ranksweep.core.cluster.WorkerInfo;

/**
 * A worker as the workers table holds it: what it advertised about itself, and what the orchestrator learnt from its
 * heartbeats. Immutable.
 *
 * @param worker          what the worker advertises (id, host, device, slots, memory, engine)
 * @param capabilities    anything else known about it (member id, busy slots); JSON-compatible values
 * @param startedAt       when the worker process started
 * @param lastHeartbeatAt when it was last heard from
 */
public record RegisteredWorker(
        WorkerInfo worker, Map<String, Object> capabilities, Instant startedAt, Instant lastHeartbeatAt) {

    public RegisteredWorker {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(worker.workerId(), "workerId");
        Objects.requireNonNull(worker.host(), "host");
        Objects.requireNonNull(worker.device(), "device");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
        capabilities = capabilities == null ? Map.of() : Map.copyOf(capabilities);
    }

    public String workerId() {
        return worker.workerId();
    }
}
