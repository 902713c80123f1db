package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.customize.CustomizationResult;

class CustomizationSummariesTest {

    @Test
    void withoutCustomDiffusionOrFullTheirRatiosAreNull() {
        CustomizationView view = CustomizationSummaries.of(List.of(
                completed(1, "lora", 2, 8, 0, 0.030, 40_180),
                completed(2, "lora", 2, 8, 1, 0.034, 40_180),
                completed(3, "comcat-adapter", 2, 8, 0, 0.036, 69_276)));

        assertThat(view.methods()).hasSize(2);
        for (CustomizationView.MethodSummary summary : view.methods()) {
            assertThat(summary.speedupVsCustomDiffusion()).isNull();
            assertThat(summary.speedupVsFull()).isNull();
            assertThat(summary.storageVsCustomDiffusion()).isNull();
            assertThat(summary.storageVsFull()).isNull();
        }
        CustomizationView.MethodSummary lora = view.methods().get(0);
        assertThat(lora.completed()).isEqualTo(2);
        assertThat(lora.secondsPerStep().mean()).isCloseTo(0.032, within(1e-15));
        assertThat(lora.secondsPerStep().n()).isEqualTo(2);
        // One trial: a mean without an interval.
        assertThat(view.methods().get(1).secondsPerStep().halfWidth()).isNull();
    }

    @Test
    void withOnlyFullTheRatiosAgainstFullAreGivenAndThoseAgainstCustomDiffusionAreNull() {
        CustomizationView view = CustomizationSummaries.of(List.of(
                completed(1, "full", 0, 9, 0, 0.040, 1_200_188),
                completed(2, "comcat-adapter", 2, 9, 0, 0.025, 69_308)));

        CustomizationView.MethodSummary comcat = view.methods().get(1);
        assertThat(comcat.speedupVsFull()).isCloseTo(0.040 / 0.025, within(1e-12));
        assertThat(comcat.storageVsFull()).isCloseTo(1_200_188.0 / 69_308.0, within(1e-12));
        assertThat(comcat.speedupVsCustomDiffusion()).isNull();
        assertThat(comcat.storageVsCustomDiffusion()).isNull();
        assertThat(view.methods().get(0).speedupVsFull()).isEqualTo(1.0);
    }

    @Test
    void eachRankIsItsOwnRowAndPendingTrialsAreListedWithoutResultOrSamples() {
        List<LeaderboardEntry> entries = new ArrayList<>();
        entries.add(completed(1, "custom-diffusion", 0, 8, 0, 0.025, 135_476));
        entries.add(completed(2, "comcat-adapter", 2, 8, 0, 0.037, 69_276));
        entries.add(completed(3, "comcat-adapter", 4, 8, 0, 0.039, 138_000));
        entries.add(pending(4, "comcat-adapter", 8, 1));

        CustomizationView view = CustomizationSummaries.of(entries);

        assertThat(view.methods())
                .extracting(summary -> summary.method() + "/" + summary.rank())
                .containsExactly("custom-diffusion/0", "comcat-adapter/2", "comcat-adapter/4");
        assertThat(view.methods().get(2).storageVsCustomDiffusion()).isCloseTo(135_476.0 / 138_000, within(1e-12));
        assertThat(view.trials()).extracting(CustomizationView.Trial::trialId).containsExactly(1L, 2L, 3L, 4L);
        CustomizationView.Trial waiting = view.trials().get(3);
        assertThat(waiting.result()).isNull();
        assertThat(waiting.samplesUrl()).isNull();
        assertThat(waiting.state()).isEqualTo("QUEUED");
        assertThat(view.trials().get(0).samplesUrl()).isEqualTo("/api/v1/trials/1/samples.png");
        // The judge's top-1 is the first one a completed trial recorded (trial 1's result predates it).
        assertThat(view.judgeTop1()).isEqualTo(0.902);
    }

    @Test
    void aSweepWithoutCustomizationResultsHasNoMethods() {
        assertThat(CustomizationSummaries.of(List.of(pending(7, "comcat-adapter", 9, 0)))
                        .methods())
                .isEmpty();
        assertThat(CustomizationSummaries.of(List.of()).trials()).isEmpty();
        assertThat(CustomizationSummaries.of(List.of(pending(7, "comcat-adapter", 9, 0)))
                        .judgeTop1())
                .isNull();
    }

    private static LeaderboardEntry completed(
            long id, String method, int rank, int concept, long seed, double secondsPerStep, long deltaBytes) {
        CustomizationResult result = new CustomizationResult(
                concept,
                rank,
                (deltaBytes - 188) / 4,
                deltaBytes,
                secondsPerStep * 250,
                secondsPerStep,
                0.05,
                0.7,
                0.2,
                30.0,
                id == 1 ? null : 0.9 + id / 1000.0);
        return entry(id, method, rank, concept, seed, result);
    }

    private static LeaderboardEntry pending(long id, String method, int concept, long seed) {
        return entry(id, method, 2, concept, seed, null);
    }

    private static LeaderboardEntry entry(
            long id, String method, int rank, int concept, long seed, CustomizationResult result) {
        return new LeaderboardEntry(
                id,
                1,
                method + (rank > 0 ? "-r" + rank : "") + "." + concept,
                method,
                null,
                Map.of(),
                result == null ? null : result.trainedParams(),
                result == null ? null : 0L,
                result == null ? null : 0L,
                result == null ? null : result.fidelity(),
                null,
                null,
                null,
                null,
                result == null ? "QUEUED" : "COMPLETED",
                "fashion-mnist",
                "vit-tiny-fmnist",
                seed,
                null,
                null,
                result);
    }
}
