package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FeatureAlignSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.trial.TrialConfig;

class OutOfMemoryPolicyTest {

    @Test
    void recognisesTheJvmsAndTheEnginesOutOfMemoryReportsAndNothingElse() {
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new OutOfMemoryError("Java heap space")))
                .isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(
                        new EngineException("CUDA out of memory. Tried to allocate 2.00 GiB")))
                .isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new IllegalStateException(
                        "step failed",
                        new EngineException(
                                "[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough memory"))))
                .isTrue();
        assertThat(OutOfMemoryPolicy.isOutOfMemory(new EngineException("shape mismatch: [64, 96] vs [96, 64]")))
                .isFalse();
    }

    @Test
    void halvesOnlyTheFineTuningBatchAndOnlyWhenTheSpecAllowsIt() {
        assertThat(OutOfMemoryPolicy.halfBatch(config(128, true)))
                .get()
                .extracting(c -> c.finetune().batch())
                .isEqualTo(64);
        assertThat(OutOfMemoryPolicy.halfBatch(config(3, true)))
                .get()
                .extracting(c -> c.finetune().batch())
                .isEqualTo(1);
        assertThat(OutOfMemoryPolicy.halfBatch(config(1, true))).isEmpty();
        assertThat(OutOfMemoryPolicy.halfBatch(config(128, false))).isEmpty();
        assertThat(OutOfMemoryPolicy.reason(config(128, false), new OutOfMemoryError("Java heap space")))
                .isEqualTo("out of memory at fine-tuning batch 128 (set resources.oomRetryHalfBatch to retry at half"
                        + " the batch): Java heap space");
    }

    @Test
    void aRetriedComcatAutoKeepsItsRankSearchAndEveryOtherSettingButTheBatch() {
        RankSearchSpec search = new RankSearchSpec(
                new RankCandidates(List.of(2, 4), List.of(3, 6), List.of(8), List.of(8), List.of(5)),
                true,
                7,
                2.5,
                3.0,
                0.25,
                32,
                40,
                RankSearchSpec.BUDGETED);
        FinetuneSpec finetune = new FinetuneSpec(
                2, 1e-3, 1e-5, 96, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0.3, List.of(1, 3)));
        TrialConfig config = new TrialConfig(
                "comcat-auto",
                "auto-wide",
                0.4,
                null,
                "taylor",
                true,
                new ModelSpec("vit-tiny-fmnist", null),
                new DatasetSpec("synthetic", null, 100, 500, 100, "light"),
                finetune,
                17,
                new ResourceSpec("cpu", 0, true),
                search);

        TrialConfig retried = OutOfMemoryPolicy.halfBatch(config).orElseThrow();

        assertThat(retried)
                .isEqualTo(new TrialConfig(
                        "comcat-auto",
                        "auto-wide",
                        0.4,
                        null,
                        "taylor",
                        true,
                        new ModelSpec("vit-tiny-fmnist", null),
                        new DatasetSpec("synthetic", null, 100, 500, 100, "light"),
                        new FinetuneSpec(
                                2,
                                1e-3,
                                1e-5,
                                48,
                                0.05,
                                new DistillSpec(true, 0.5),
                                new FeatureAlignSpec(0.3, List.of(1, 3))),
                        17,
                        new ResourceSpec("cpu", 0, true),
                        search));
        assertThat(componentsBut(retried, "finetune")).isEqualTo(componentsBut(config, "finetune"));
        assertThat(componentsBut(retried.finetune(), "batch")).isEqualTo(componentsBut(finetune, "batch"));
    }

    /** Every record component's value but {@code skipped}, by name: new fields are compared without listing them. */
    private static Map<String, Object> componentsBut(Record record, String skipped) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (!component.getName().equals(skipped)) {
                try {
                    values.put(component.getName(), component.getAccessor().invoke(record));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(values).hasSize(record.getClass().getRecordComponents().length - 1);
        return values;
    }

    private static TrialConfig config(int batch, boolean allowed) {
        return new TrialConfig(
                "comcat",
                "comcat",
                0.5,
                null,
                null,
                false,
                null,
                null,
                new FinetuneSpec(1, 1e-3, 1e-5, batch, 0.05, new DistillSpec(true, 0.5), null),
                0,
                new ResourceSpec("gpu", 1, allowed));
    }
}
