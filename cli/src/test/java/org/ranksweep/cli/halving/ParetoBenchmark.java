package org.ranksweep.cli.halving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ranksweep.cli.dispatch.Machine;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Hypervolume;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.db.DatabaseConfig;

/**
 * Hypervolume per fine-tuning epoch, run by hand (command in {@code benchmarks/pareto.md}): one space (3 methods × 5
 * attention budgets) run twice through {@code ranksweep local} on real Fashion-MNIST training, once with
 * multi-objective successive halving ({@code experiments/fmnist-pareto.yaml}: rungs at 1, 3, 9 epochs, promotion by
 * non-dominated sorting and crowding distance on held-out top-1 and MACs) and once with every trial trained to the
 * end ({@code experiments/fmnist-pareto-random.yaml}: the random sampler draws all of them, run in grid order), each
 * with its own home and database.
 * From PostgreSQL it takes, after every completed trial in completion order, the fine-tuning epochs trained so far
 * (one held-out top-1 row per epoch trained) and the hypervolume of the completed results' test top-1 (max) and MACs
 * (min) within the parameter limit, against one reference point for both runs: top-1 0 and the dense model's MACs.
 * Since the full-training run goes in grid order, random search proper is its results taken in every order: the
 * expected hypervolume after k trials ({@link RandomOrderBaseline}), compared with successive halving's at the same
 * epochs. Then it appends a section to {@code benchmarks/pareto.md}.
 *
 * <p>Arguments: {@code [successive-halving spec] [full-training spec]}, both relative to the repository root.
 */
public final class ParetoBenchmark {

    private static final List<Objective> OBJECTIVES =
            List.of(new Objective("top1", Goal.MAX), new Objective("macs", Goal.MIN));
    private static final Constraint LIMIT = Constraint.atMost("params", 200_000);

    private ParetoBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Machine.repositoryRoot();
        Path halvingSpec = root.resolve(args.length > 0 ? args[0] : "experiments/fmnist-pareto.yaml");
        Path randomSpec = root.resolve(args.length > 1 ? args[1] : "experiments/fmnist-pareto-random.yaml");
        Map<String, Double> reference = Map.of("top1", 0.0, "macs", (double)
                ModelCost.of(ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST)).macs());
        Path work = Files.createTempDirectory("ranksweep-pareto-");
        String loadBefore = Machine.loadAverage();
        Run halving = run("halving", halvingSpec, work, reference);
        Run random = run("random", randomSpec, work, reference);

        double halvingFinal = halving.finalHypervolume();
        long randomEpochsAtHalvingBudget = random.epochsReaching(halvingFinal);
        StringBuilder md = LocalRuns.section("Run of ", loadBefore);
        md.append("\n- specs: `")
                .append(root.relativize(halvingSpec))
                .append("` (multi-objective successive halving) and `")
                .append(root.relativize(randomSpec))
                .append("` (every trial to the end, grid order)\n- reference point: top-1 0, MACs ")
                .append(String.format(Locale.ROOT, "%.0f", reference.get("macs")))
                .append(" (the dense model); hypervolume in top-1 × MACs, shown ÷ 10⁶\n\n")
                .append(
                        "| measurement | successive halving | full training, grid order | ratio |\n|---|---|---|---|\n");
        row(md, "fine-tuning epochs trained, whole sweep", halving.epochs(), random.epochs());
        row(
                md,
                "wall time, whole sweep (s)",
                halving.wall().toSeconds(),
                random.wall().toSeconds());
        md.append(String.format(
                Locale.ROOT,
                "| trials completed (reached the last epoch) | %d | %d | |%n"
                        + "| final hypervolume | %.4f | %.4f | %.3f |%n"
                        + "| hypervolume per fine-tuning epoch | %.5f | %.5f | %.3f |%n"
                        + "| hypervolume after %d epochs (successive halving's whole sweep) | %.4f | %.4f | %.3f |%n",
                halving.points().size(),
                random.points().size(),
                halvingFinal / 1e6,
                random.finalHypervolume() / 1e6,
                halvingFinal / random.finalHypervolume(),
                halvingFinal / 1e6 / halving.epochs(),
                random.finalHypervolume() / 1e6 / random.epochs(),
                (halvingFinal / halving.epochs()) / (random.finalHypervolume() / random.epochs()),
                halving.epochs(),
                halvingFinal / 1e6,
                random.hypervolumeAfter(halving.epochs()) / 1e6,
                halvingFinal / Math.max(Double.MIN_VALUE, random.hypervolumeAfter(halving.epochs()))));
        md.append(String.format(
                Locale.ROOT,
                "| epochs full training needed to reach successive halving's final hypervolume | %s | |%n",
                randomEpochsAtHalvingBudget < 0 ? "never" : Long.toString(randomEpochsAtHalvingBudget)));
        md.append(randomOrders(random, halving, reference));
        md.append("\nAfter each completed trial (completion order): fine-tuning epochs trained so far, hypervolume\n\n")
                .append("| run | trial | test top-1 | MACs | params | epochs so far | hypervolume |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Run run : List.of(halving, random)) {
            for (Point point : run.points()) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.4f | %d | %d | %d | %.4f |%n",
                        run.name(),
                        point.label(),
                        point.top1(),
                        point.macs(),
                        point.params(),
                        point.epochs(),
                        point.hypervolume() / 1e6));
            }
        }
        md.append("\nTest top-1 is read here, after the fact; successive halving decided on held-out top-1 only.\n");
        LocalRuns.append(root, "pareto.md", md);
    }

    /**
     * Random search proper: the full-training run's results taken in every order (exactly, over all subsets), since
     * that run itself goes in grid order. Configurations fine-tuned for no epoch (the dense model) are not part of
     * the space searched.
     */
    private static String randomOrders(Run random, Run halving, Map<String, Double> reference) {
        List<Point> trained = random.points().stream()
                .filter(point -> point.trialEpochs() > 0)
                .toList();
        long epochsPerTrial = trained.get(0).trialEpochs();
        String uneven = trained.stream().allMatch(point -> point.trialEpochs() == epochsPerTrial)
                ? ""
                : " (trials trained different numbers of epochs: "
                        + trained.stream()
                                .map(point -> Long.toString(point.trialEpochs()))
                                .toList()
                        + "; the first one's count is used)";
        RandomOrderBaseline baseline = RandomOrderBaseline.of(
                trained.stream().map(Point::result).toList(), epochsPerTrial, OBJECTIVES, reference, LIMIT);
        double target = halving.finalHypervolume();
        int within = baseline.trialsWithin(halving.epochs());
        double expectedEpochs = baseline.expectedEpochsReaching(target);
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%nRandom search, expected over random orders of the %d full-training results (exact: every subset;"
                        + " %d fine-tuning epochs per trial%s):%n%n"
                        + "- within successive halving's %d epochs random search completes %d trials: expected"
                        + " hypervolume **%.4f** (orders range %.4f – %.4f) against successive halving's **%.4f**"
                        + " (ratio %.3f); %.1f %% of random orders reach successive halving's final hypervolume"
                        + " within that budget%n"
                        + "- expected fine-tuning epochs random search spends until it reaches successive halving's"
                        + " final hypervolume: **%s** (successive halving: %d)%n%n",
                baseline.configurations(),
                epochsPerTrial,
                uneven,
                halving.epochs(),
                within,
                baseline.expected(within) / 1e6,
                baseline.range(within)[0] / 1e6,
                baseline.range(within)[1] / 1e6,
                target / 1e6,
                target / Math.max(Double.MIN_VALUE, baseline.expected(within)),
                100 * baseline.chanceReaching(within, target),
                expectedEpochs < 0 ? "never" : String.format(Locale.ROOT, "%.1f", expectedEpochs),
                halving.epochs()));
        md.append("| trials | fine-tuning epochs | expected hypervolume | min – max over orders |")
                .append(" orders reaching successive halving's final |\n|---|---|---|---|---|\n");
        for (int k = 1; k <= baseline.configurations(); k++) {
            double[] range = baseline.range(k);
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %.4f | %.4f – %.4f | %.1f %% |%n",
                    k,
                    k * epochsPerTrial,
                    baseline.expected(k) / 1e6,
                    range[0] / 1e6,
                    range[1] / 1e6,
                    100 * baseline.chanceReaching(k, target)));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, long halving, long random) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %s |%n",
                name,
                halving,
                random,
                random <= 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) halving / random)));
    }

    /**
     * The hypervolume after one more completed trial, with the fine-tuning epochs trained by then ({@code epochs})
     * and by this trial ({@code trialEpochs}, over all its attempts).
     */
    record Point(String label, double top1, long macs, long params, long epochs, double hypervolume, long trialEpochs) {

        Map<String, Double> result() {
            return Map.of("top1", top1, "macs", (double) macs, "params", (double) params);
        }
    }

    /** What one run stored. */
    record Run(String name, Duration wall, long epochs, List<Point> points) {

        double finalHypervolume() {
            return points.isEmpty() ? 0 : points.get(points.size() - 1).hypervolume();
        }

        /** The hypervolume of the trials completed once at most {@code epochs} had been trained. */
        double hypervolumeAfter(long budget) {
            double hypervolume = 0;
            for (Point point : points) {
                if (point.epochs() <= budget) {
                    hypervolume = point.hypervolume();
                }
            }
            return hypervolume;
        }

        /** Epochs trained when the hypervolume first reached {@code target} (within 1e-9 relative), -1 if never. */
        long epochsReaching(double target) {
            for (Point point : points) {
                if (point.hypervolume() >= target * (1 - 1e-9)) {
                    return point.epochs();
                }
            }
            return -1;
        }
    }

    private static final String EPOCHS_BY = LocalRuns.EPOCHS + " AND recorded_at <= ?";

    private static Run run(String name, Path spec, Path work, Map<String, Double> reference) throws SQLException {
        DatabaseConfig database = LocalRuns.run("pareto", name, spec, work);
        try (Connection connection = LocalRuns.connect(database)) {
            Duration wall;
            try (PreparedStatement query = connection.prepareStatement("SELECT started_at, ended_at FROM sweeps");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                wall = Duration.between(
                        rows.getTimestamp(1).toInstant(), rows.getTimestamp(2).toInstant());
            }
            long epochs;
            try (PreparedStatement query = connection.prepareStatement(EPOCHS_BY)) {
                query.setTimestamp(1, Timestamp.from(Instant.now()));
                epochs = LocalRuns.single(query);
            }
            List<Map<String, Double>> front = new ArrayList<>();
            List<Point> points = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                            "SELECT t.label || ' ' || (t.config_json ->> 'budget'), r.top1, r.macs, r.params, t.ended_at,"
                                    + " (SELECT count(*) FROM trial_metrics m WHERE m.trial_id = t.trial_id"
                                    + " AND m.phase = 'finetune' AND m.split = 'heldout' AND m.name = 'top1')"
                                    + " FROM trials t"
                                    + " JOIN results r USING (trial_id) WHERE t.state = 'COMPLETED'"
                                    + " ORDER BY t.ended_at, t.trial_id");
                    PreparedStatement epochsBy = connection.prepareStatement(EPOCHS_BY);
                    ResultSet rows = query.executeQuery()) {
                double hypervolume = 0;
                while (rows.next()) {
                    Map<String, Double> result =
                            Map.of("top1", rows.getDouble(2), "macs", (double) rows.getLong(3), "params", (double)
                                    rows.getLong(4));
                    if (LIMIT.violation(result) == 0) {
                        front.add(result);
                        hypervolume = Hypervolume.of(front, OBJECTIVES, reference);
                    }
                    epochsBy.setTimestamp(1, rows.getTimestamp(5));
                    points.add(new Point(
                            rows.getString(1),
                            rows.getDouble(2),
                            rows.getLong(3),
                            rows.getLong(4),
                            LocalRuns.single(epochsBy),
                            hypervolume,
                            rows.getLong(6)));
                }
            }
            return new Run(name, wall, epochs, points);
        }
    }
}
