package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.orchestrator.report.CustomizationSummaries;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.LeaderboardEntry;

class CustomizationTableTest {

    @Test
    void everyMethodIsARowWithItsRatiosAndEveryTrialALine() {
        CustomizationView view = CustomizationSummaries.of(List.of(
                entry(
                        1,
                        "custom-diffusion",
                        new CustomizationResult(8, 0, 100, 1_000, 5, 0.02, 0.1, 0.5, 0.2, 40, 0.9012)),
                entry(
                        2,
                        "comcat-adapter",
                        new CustomizationResult(8, 2, 50, 400, 8, 0.032, 0.1, 0.75, 0.1, 30, 0.9012)),
                entry(
                        3,
                        "comcat-adapter",
                        new CustomizationResult(8, 2, 50, 400, 8, 0.032, 0.1, 0.25, 0.1, 50, 0.9012))));

        List<List<String>> rows = CustomizationTable.rows(view);

        assertThat(rows).hasSize(2);
        List<String> comcat = rows.get(1);
        assertThat(comcat.subList(0, 3)).containsExactly("comcat-adapter", "2", "2");
        assertThat(comcat.get(3)).isEqualTo("32.0 ± 0.0");
        assertThat(comcat.get(4)).isEqualTo("400");
        assertThat(comcat.get(5)).isEqualTo(String.format(java.util.Locale.ROOT, "%.2f×", 0.02 / 0.032));
        assertThat(comcat.get(6)).isEqualTo("-");
        assertThat(comcat.get(7)).isEqualTo("2.50×");
        // Fidelity 0.75 and 0.25: mean 0.5, half-width t(0.975, 1) · s / √2 with s = √0.125.
        double halfWidth = 12.706204736174698 * Math.sqrt(0.125) / Math.sqrt(2);
        assertThat(comcat.get(9)).isEqualTo(String.format(java.util.Locale.ROOT, "0.50 ± %.2f", halfWidth));

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CustomizationTable.print(view, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("speed-up vs cd")
                .contains("trial 2 comcat-adapter.bag seed 0: fidelity 0.750")
                .contains("samples /api/v1/trials/2/samples.png")
                .contains("Judge: the sweep's classifier, 90.12 % top-1 on the test split");
    }

    private static LeaderboardEntry entry(long id, String method, CustomizationResult result) {
        return new LeaderboardEntry(
                id,
                1,
                method + ".bag",
                method,
                null,
                null,
                result == null ? null : result.trainedParams(),
                result == null ? null : 0L,
                result == null ? null : 0L,
                result == null ? null : result.fidelity(),
                null,
                null,
                null,
                null,
                result == null ? "PENDING" : "COMPLETED",
                "fashion-mnist",
                "vit-tiny-fmnist",
                0,
                null,
                null,
                result);
    }
}
