package org.ranksweep.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;

class ClusterRecordJsonTest {

    private static final WorkerInfo GPU_WORKER =
            new WorkerInfo("gpu-host-4711", "gpu-host", "gpu", 2, 2, 16L << 30, "PyTorch 2.7.1 cuda");

    @Test
    void leaseSurvivesAJsonRoundTrip() {
        Lease lease = new Lease(9, 2, "host-1-0", "5f1c0d3e-0000-4000-8000-000000000001", 1_700_000_000_000L);

        assertThat(Json.read(Json.write(lease), Lease.class)).isEqualTo(lease);
    }

    @Test
    void workerHeartbeatKeepsTheCapabilitiesItAdvertises() {
        WorkerHeartbeat heartbeat =
                new WorkerHeartbeat(GPU_WORKER, "member-1", 1_700_000_000_000L, 1_700_000_003_000L, 1);

        WorkerHeartbeat back = Json.read(Json.write(heartbeat), WorkerHeartbeat.class);

        assertThat(back).isEqualTo(heartbeat);
        assertThat(back.worker().device()).isEqualTo("gpu");
        assertThat(back.worker().deviceCount()).isEqualTo(2);
    }
}
