package org.ranksweep.core.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FeatureAlignSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.ResourceSpec;

class TrialConfigTest {

    private static final FinetuneSpec FINETUNE = new FinetuneSpec(
            3, 1e-3, 1e-6, 64, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0.2, List.of(0, 2)));
    private static final RankSearchSpec SEARCH = new RankSearchSpec(
            new RankCandidates(List.of(4, 8), List.of(8), List.of(16), List.of(16), List.of(3)),
            false,
            5,
            1.0,
            4.0,
            0.5,
            32,
            40,
            RankSearchSpec.BUDGETED);

    @Test
    void withFinetuneReplacesOnlyTheFinetuneSpec() {
        TrialConfig config = new TrialConfig(
                "comcat-auto",
                "auto",
                0.5,
                new RankSpec(List.of(4), List.of(8)),
                "l1",
                true,
                new ModelSpec("vit-tiny-fmnist", null),
                new DatasetSpec("synthetic", null, 10, 20, 30, "light"),
                FINETUNE,
                9,
                new ResourceSpec("gpu", 2, true),
                SEARCH);
        FinetuneSpec other = new FinetuneSpec(1, 2e-3, 0, 8, 0, null, null);

        assertThat(config.withFinetune(other))
                .isEqualTo(new TrialConfig(
                        "comcat-auto",
                        "auto",
                        0.5,
                        new RankSpec(List.of(4), List.of(8)),
                        "l1",
                        true,
                        new ModelSpec("vit-tiny-fmnist", null),
                        new DatasetSpec("synthetic", null, 10, 20, 30, "light"),
                        other,
                        9,
                        new ResourceSpec("gpu", 2, true),
                        SEARCH));
    }

    @Test
    void withBatchReplacesOnlyTheBatch() {
        assertThat(FINETUNE.withBatch(16))
                .isEqualTo(new FinetuneSpec(
                        3, 1e-3, 1e-6, 16, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0.2, List.of(0, 2))));
    }

    @Test
    void theWithersDoNotShowUpInTheJson() {
        TrialConfig config = new TrialConfig("comcat", "c", 0.5, null, null, false, null, null, FINETUNE, 1, null);

        assertThat(Json.write(config)).doesNotContain("with");
        assertThat(Json.write(FINETUNE)).doesNotContain("with");
        assertThat(Json.read(Json.write(config), TrialConfig.class)).isEqualTo(config);
    }
}
