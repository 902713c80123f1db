package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.spec.SamplerSpec;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;

/**
 * A spec with one fine-tuning learning rate plans exactly the trials it planned before {@code finetune.lr} could be a
 * list: same labels, same order, same content hashes, so results stored under those hashes are still reused.
 */
class SingleLrPlanTest {

    /**
     * {@code <spec> <as-written|grid> <index> <label> <content hash>} of every spec in experiments/ and of the test
     * specs, as the planner computed them before learning-rate lists existed (commit 84472b9).
     */
    private static final String GOLDEN = "plans/single-lr-hashes.txt";

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void plansTheShippedSpecsWithTheContentHashesTheyHadBefore() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        // The specs the golden file holds, in its order; experiments added later had no earlier hashes.
        List<Path> files = golden().stream()
                .map(line -> line.substring(0, line.indexOf(' ')))
                .distinct()
                .map(root::resolve)
                .toList();
        assertThat(files).hasSizeGreaterThan(5);

        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            SweepSpec spec = parser.parse(file);
            for (String kind : List.of("as-written", "grid")) {
                for (PlannedTrial trial : planner.plan(kind.equals("grid") ? grid(spec) : spec)) {
                    lines.add(root.relativize(file) + " " + kind + " " + trial.index() + " "
                            + trial.config().label() + " " + trial.contentHash());
                }
            }
        }

        assertThat(lines).containsExactlyElementsOf(golden());
    }

    @Test
    void aOneElementListPlansTheSameTrialsAsTheNumber() {
        String number = """
                name: single-lr
                dataset: {name: synthetic, trainLimit: 64, heldOut: 32}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
                methods:
                  - {name: dense}
                  - {name: comcat, budget: [0.5, 0.25]}
                  - {name: comcat-auto, rho: [0.5]}
                finetune: {epochs: 2, lr: 3.0e-4}
                seeds: [0, 1]
                """;
        String list = number.replace("lr: 3.0e-4}", "lr: [3.0e-4]}");

        List<PlannedTrial> fromNumber = planner.plan(parser.parse(number, "number.yaml"));

        assertThat(list).isNotEqualTo(number);
        assertThat(planner.plan(parser.parse(list, "list.yaml"))).isEqualTo(fromNumber);
        assertThat(fromNumber).extracting(trial -> trial.config().label()).noneMatch(label -> label.contains("@"));
    }

    /** The spec with the grid sampler, so that every kind of configuration is planned. */
    private static SweepSpec grid(SweepSpec spec) {
        return spec.withSampler(new SamplerSpec("grid", null, null));
    }

    private static List<String> golden() throws IOException {
        try (var in = SingleLrPlanTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
