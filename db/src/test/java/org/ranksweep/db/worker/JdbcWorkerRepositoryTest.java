package org.ranksweep.db.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.db.testing.DatabaseExtension;

class JdbcWorkerRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Instant STARTED = Instant.parse("2030-03-04T05:06:07.123456Z");

    private final JdbcWorkerRepository workers = new JdbcWorkerRepository(DATABASE.database());

    @BeforeEach
    void emptyTable() {
        DATABASE.truncateAll();
    }

    @Test
    void registeredWorkerIsListedWithItsCapabilities() {
        RegisteredWorker gpu = worker("gpu-1", "gpu", 2, STARTED);
        RegisteredWorker cpu = worker("cpu-1", "cpu", 0, STARTED);

        workers.upsert(gpu);
        workers.upsert(cpu);

        assertThat(workers.list()).containsExactly(cpu, gpu);
    }

    @Test
    void reRegistrationReplacesTheStoredWorker() {
        workers.upsert(worker("w", "cpu", 0, STARTED));
        RegisteredWorker restarted = worker("w", "gpu", 1, STARTED.plusSeconds(3600));

        workers.upsert(restarted);

        assertThat(workers.list()).containsExactly(restarted);
    }

    @Test
    void heartbeatMovesForwardOnly() {
        workers.upsert(worker("w", "cpu", 0, STARTED));

        workers.heartbeat("w", STARTED.plusSeconds(10));
        workers.heartbeat("w", STARTED.plusSeconds(5));

        assertThat(workers.list().get(0).lastHeartbeatAt()).isEqualTo(STARTED.plusSeconds(10));
        assertThatThrownBy(() -> workers.heartbeat("ghost", STARTED))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("ghost");
    }

    private static RegisteredWorker worker(String id, String device, int devices, Instant startedAt) {
        return new RegisteredWorker(
                new WorkerInfo(id, "host-" + id, device, devices, 2, 8L << 30, "PyTorch 2.7.1"),
                Map.of("datasets", List.of("fashion-mnist"), "flavor", device),
                startedAt,
                startedAt);
    }
}
