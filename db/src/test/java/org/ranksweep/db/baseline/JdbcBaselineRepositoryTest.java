package org.ranksweep.db.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.db.testing.DatabaseExtension;

class JdbcBaselineRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Baseline VIT_SLIM = new Baseline(
            "deit-small",
            "imagenet-1k",
            "vit-slim",
            11_400_000L,
            2_300_000_000L,
            0.799,
            "Chavan et al. 2022, Table 2",
            "deit-small",
            null,
            300,
            "FLOPs = MACs",
            null);
    private static final Baseline NVIT = new Baseline(
            "deit-base",
            "imagenet-1k",
            "nvit",
            34_000_000L,
            6_800_000_000L,
            0.836,
            "Yang et al. 2023, Table 1",
            "deit-base",
            "regnety-160",
            300,
            "FLOPs = MACs",
            "distilled");
    private static final Baseline UNKNOWN_SIZE = new Baseline(
            "deit-small",
            "imagenet-1k",
            "wdpruning",
            null,
            null,
            0.786,
            "Yu et al. 2022, Table 3",
            null,
            null,
            null,
            null,
            "size not reported");

    private final JdbcBaselineRepository baselines = new JdbcBaselineRepository(DATABASE.database());

    @BeforeEach
    void emptyTable() {
        DATABASE.truncateAll();
    }

    @Test
    void loadingTheSameBaselinesTwiceLeavesTheSameRows() {
        List<Baseline> file = List.of(VIT_SLIM, NVIT, UNKNOWN_SIZE);

        int first = baselines.upsert(file);
        List<Baseline> afterFirst = baselines.list(null);
        int second = baselines.upsert(file);

        assertThat(first).isEqualTo(3);
        assertThat(second).isZero();
        assertThat(baselines.list(null)).isEqualTo(afterFirst).containsExactlyInAnyOrder(VIT_SLIM, NVIT, UNKNOWN_SIZE);
    }

    @Test
    void changedValuesUpdateTheExistingRow() {
        baselines.upsert(List.of(VIT_SLIM, UNKNOWN_SIZE));
        Baseline corrected = new Baseline(
                "deit-small",
                "imagenet-1k",
                "vit-slim",
                11_400_000L,
                2_300_000_000L,
                0.801,
                "Chavan et al. 2022, Table 2",
                "deit-small",
                null,
                300,
                "FLOPs = MACs",
                "erratum");
        Baseline correctedUnknown = new Baseline(
                "deit-small",
                "imagenet-1k",
                "wdpruning",
                null,
                null,
                0.787,
                "Yu et al. 2022, Table 3",
                null,
                null,
                null,
                null,
                "size not reported");

        assertThat(baselines.upsert(List.of(corrected, correctedUnknown))).isEqualTo(2);

        assertThat(baselines.list("deit-small")).containsExactlyInAnyOrder(corrected, correctedUnknown);
    }

    @Test
    void listFiltersByModel() {
        baselines.upsert(List.of(VIT_SLIM, NVIT, UNKNOWN_SIZE));

        assertThat(baselines.list("deit-base")).containsExactly(NVIT);
        assertThat(baselines.list("deit-small")).containsExactly(VIT_SLIM, UNKNOWN_SIZE);
        assertThat(baselines.list("deit-tiny")).isEmpty();
    }

    @Test
    void baselineNeedsIdentityFieldsAndAFractionalTop1() {
        assertThatThrownBy(() ->
                        new Baseline("deit-small", "imagenet-1k", "", 1L, 1L, 79.9, null, null, null, null, null, null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("method")
                .hasMessageContaining("citation")
                .hasMessageContaining("top1");
    }
}
