package org.ranksweep.orchestrator.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ranksweep.core.customize.CustomizationArtifacts;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.CreatedSweep;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;
import org.ranksweep.db.testing.TrialDriver;

/**
 * A customization sweep for the dashboard tests, planned from {@link #SPEC} as a submission would be: full,
 * custom-diffusion, lora r2 and comcat-adapter r2 × concepts 8 (bag) and 9 (ankle-boot) × seeds 0 and 1, 16 trials
 * in plan order. Every trial but the last (comcat-adapter-r2.ankle-boot, seed 1, left PENDING) completes with the
 * result of {@link #measured}: per method a fixed delta size, per trial a time per step, fidelity, retention and
 * Fréchet distance that vary with concept and seed. Each completed trial's artifact directory holds a real PNG
 * {@code samples.png} (a 16 × 4 grid of 28×28 grey tiles with one-pixel gaps, as the worker writes it) whose pixels
 * differ per trial.
 */
public final class CustomizationData {

    public static final String SPEC = """
            name: customize
            dataset: {name: fashion-mnist, heldOut: 2000}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 2, lr: 1.0e-3, batch: 128}}}
            customization:
              concepts: [bag, ankle-boot]
              steps: 250
              methods: [full, custom-diffusion, {name: lora, ranks: [2]}, {name: comcat-adapter, ranks: [2]}]
            seeds: [0, 1]
            """;
    public static final int STEPS = 250;
    /** The judge's test top-1 every seeded result records. */
    public static final double JUDGE_TOP1 = 0.9051;

    public static final int GRID_WIDTH = 16 * 29 + 1;
    public static final int GRID_HEIGHT = 4 * 29 + 1;

    /** Per method: trained parameters, and mean time per step, fidelity, retention and Fréchet distance. */
    private static final Map<String, double[]> BASE = Map.of(
            "full", new double[] {300_000, 0.0400, 0.70, 0.13, 30.0},
            "custom-diffusion", new double[] {33_800, 0.0250, 0.50, 0.20, 40.0},
            "lora", new double[] {10_000, 0.0360, 0.72, 0.21, 35.0},
            "comcat-adapter", new double[] {17_280, 0.0370, 0.80, 0.11, 32.0});
    /** Per (concept index × 2 + seed): what is added to the method's time per step, fidelity, retention, Fréchet. */
    private static final double[][] OFFSETS = {
        {0.0011, 0.05, 0.010, 1.5},
        {-0.0007, -0.03, -0.020, -2.0},
        {0.0019, 0.02, 0.005, 3.0},
        {-0.0004, -0.08, 0.015, 0.5}
    };

    private static final int HEADER_BYTES = 188;

    private CustomizationData() {}

    /**
     * One planned trial.
     *
     * @param result  what it measured; null for the pending trial
     * @param samples its {@code samples.png}; null for the pending trial
     */
    public record Trial(TrialId id, String label, String method, long seed, CustomizationResult result, Path samples) {}

    /** The seeded sweep and its trials in plan order. */
    public record Seeded(SweepId sweep, List<Trial> trials) {

        public List<Trial> completed() {
            return trials.stream().filter(trial -> trial.result() != null).toList();
        }

        public List<Trial> pending() {
            return trials.stream().filter(trial -> trial.result() == null).toList();
        }
    }

    /**
     * What the trial of {@code method} at {@code rank} on concept {@code concept} (8 or 9) with {@code seed}
     * measured; its delta is 4 bytes per trained parameter plus a header.
     */
    public static CustomizationResult measured(String method, int rank, int concept, long seed) {
        double[] base = BASE.get(method);
        double[] offset = OFFSETS[(concept - 8) * 2 + (int) seed];
        long params = (long) base[0];
        double secondsPerStep = base[1] + offset[0];
        return new CustomizationResult(
                concept,
                rank,
                params,
                4 * params + HEADER_BYTES,
                secondsPerStep * STEPS,
                secondsPerStep,
                0.05 + 0.001 * concept + 0.002 * seed,
                base[2] + offset[1],
                base[3] + offset[2],
                base[4] + offset[3],
                JUDGE_TOP1);
    }

    /** Stores the sweep, completes every trial but the last, and writes their grids under {@code artifacts}. */
    public static Seeded seed(Database database, Path artifacts) {
        SweepSpec spec = new SpecParser().parse(SPEC, "customize.yaml");
        List<PlannedTrial> planned = new TrialPlanner().plan(spec);
        List<NewTrial> newTrials = new ArrayList<>();
        for (PlannedTrial trial : planned) {
            newTrials.add(new NewTrial(
                    trial.index(),
                    trial.config().label(),
                    trial.config().method(),
                    trial.config(),
                    trial.contentHash()));
        }
        CreatedSweep sweep = new JdbcSweepRepository(database)
                .create(new NewSweep(spec.name(), SPEC, Json.write(spec), newTrials, 3));
        Map<TrialId, TrialDriver.Completion> completions = new LinkedHashMap<>();
        List<Trial> trials = new ArrayList<>();
        for (PlannedTrial trial : planned) {
            TrialId id = sweep.trialIds().get(trial.index());
            String method = trial.config().method();
            long seed = trial.config().seed();
            if (trial.index() == planned.size() - 1) {
                trials.add(new Trial(id, trial.config().label(), method, seed, null, null));
                continue;
            }
            CustomizationResult result = measured(
                    method,
                    trial.config().customization().rank(),
                    trial.config().customization().concept(),
                    seed);
            Path directory = artifacts.resolve("trial-" + trial.index());
            Path samples = writeGrid(directory, trial.index());
            completions.put(
                    id,
                    new TrialDriver.Completion(
                            "seeder",
                            List.of(),
                            TrialResult.ofCustomization(result, directory.toString(), "cd".repeat(32))));
            trials.add(new Trial(id, trial.config().label(), method, seed, result, samples));
        }
        new TrialDriver(database).completeAll(completions);
        return new Seeded(sweep.id(), trials);
    }

    /** A grey PNG grid whose pixels depend on {@code index}, so that every trial's file differs. */
    private static Path writeGrid(Path directory, int index) {
        BufferedImage grid = new BufferedImage(GRID_WIDTH, GRID_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < GRID_HEIGHT; y++) {
            for (int x = 0; x < GRID_WIDTH; x++) {
                boolean gap = x % 29 == 0 || y % 29 == 0;
                int level = gap ? 0 : (x * 7 + y * 3 + index * 37) % 256;
                grid.getRaster().setSample(x, y, 0, level);
            }
        }
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(CustomizationArtifacts.SAMPLES);
            if (!ImageIO.write(grid, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
