package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.trial.TrialConfig;

class OutOfMemoryPolicyTest {

    @Test
    void recognisesTheJvmsAndTheEnginesOutOfMemoryReportsAndNothingElse() {
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB")))
                .isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new IllegalStateException("step failed",
                new EngineException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough memory"))))
                .isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new EngineException("shape mismatch: [64, 96] vs [96, 64]")))
                .isFalse();
    }

    @Test
    void halvesOnlyTheFineTuningBatchAndOnlyWhenTheSpecAllowsIt() {
        assertThat(OutOfMemoryPolicy.halfBatch(config(128, true))).get()
                .extracting(c -> c.finetune().batch()).isEqualTo(64);
        assertThat(OutOfMemoryPolicy.halfBatch(config(3, true))).get()
                .extracting(c -> c.finetune().batch()).isEqualTo(1);
        assertThat(OutOfMemoryPolicy.halfBatch(config(1, true))).isEmpty();
        assertThat(OutOfMemoryPolicy.halfBatch(config(128, false))).isEmpty();
        assertThat(OutOfMemoryPolicy.reason(config(128, false), new OutOfMemoryError("Java heap space")))
                .isEqualTo("out of memory at fine-tuning batch 128 (set resources.oomRetryHalfBatch to retry at half"
                        + " the batch): Java heap space");
    }

    private static TrialConfig config(int batch, boolean allowed) {
        return new TrialConfig("comcat", "comcat", 0.5, null, null, false, null, null,
                new FinetuneSpec(1, 1e-3, 1e-5, batch, 0.05, new DistillSpec(true, 0.5), null), 0,
                new ResourceSpec("gpu", 1, allowed));
    }
}
