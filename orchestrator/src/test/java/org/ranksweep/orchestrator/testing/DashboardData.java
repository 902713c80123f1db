package org.ranksweep.orchestrator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.db.Database;

/**
 * The small, hand-checked data set of the dashboard tests. Sweep "deit" (imagenet-1k, deit-small), costs in
 * parameters / MACs:
 * <pre>
 * index method      budget seed top1   params  MACs   front by params  front by MACs
 * 0     dense       -      0    0.798  22.1M   4.6G   yes              yes
 * 1     comcat      0.5    0    0.790  14M     3.0G   yes              yes
 * 2     comcat      0.25   0    0.760   9M     2.0G   yes              yes
 * 3     svd-matrix  0.5    0    0.770  14M     3.0G   no (comcat 0.5)  no
 * 4     head-prune  0.5    0    0.780  15M     2.9G   no (comcat 0.5)  yes (cheapest at 0.78)
 * 5     comcat      0.5    1    0.785  14M     3.0G   no               no
 * 6     comcat      0.125  0    no result (PENDING when seeded, QUEUED once the orchestrator started)
 * </pre>
 * Sweep "fmnist" (fashion-mnist, vit-tiny-fmnist): dense 0.85, comcat 0.5 0.84, comcat 0.25 without a result; both sweeps
 * stay RUNNING.
 * <p>
 * Sweep "seeds" (synthetic, vit-tiny-fmnist, COMPLETED): every point over seeds 0, 1, 2 with the top-1s of
 * {@link #SEEDED_TOP1}; its comcat 0.5 trial of seed 0 recorded the base model's spectrum ({@link #spectrum()}): 4
 * blocks, d_h = 24. By hand (t(0.975, 2) = 4.303): dense-ft 0.813 ± 0.011, comcat 0.5 0.807 ± 0.018, dense
 * 0.800 ± 0.015, comcat 0.25 0.767 ± 0.015, so only dense and comcat 0.25 separate.
 */
public final class DashboardData {

    public static final String IMAGENET = "imagenet-1k";
    public static final String FASHION = "fashion-mnist";
    public static final List<Integer> QK_RANKS = List.of(8, 8, 4, 4);
    public static final List<Integer> VO_RANKS = List.of(8, 4, 4, 2);
    public static final String SYNTHETIC = "synthetic";
    /** Top-1 of seeds 0, 1, 2 per point of sweep "seeds" ({@code label@budget}, or the label without one). */
    public static final Map<String, List<Double>> SEEDED_TOP1 = Map.of(
            "dense", List.of(0.800, 0.806, 0.794),
            "dense-ft", List.of(0.812, 0.818, 0.809),
            "comcat-0.5@0.5", List.of(0.805, 0.815, 0.801),
            "comcat-0.25@0.25", List.of(0.760, 0.772, 0.768));

    public static final int HEAD_WIDTH = 24;
    public static final int BLOCKS = 4;

    private static final String SPECTRUM = "spectrum";

    private DashboardData() {}

    /** The ids of the three sweeps. */
    public record Sweeps(SweepId deit, SweepId fashion, SweepId seeds) {}

    public static Sweeps seed(Database database) {
        TrialSeeder seeder = new TrialSeeder(database);
        SweepId deit = seeder.seed(
                "deit",
                IMAGENET,
                "deit-small",
                List.of(
                        SeedTrial.completed("dense", null, 0, 0.798, 22_100_000, 4_600_000_000L),
                        SeedTrial.completed("comcat", 0.5, 0, 0.790, 14_000_000, 3_000_000_000L)
                                .withRanks(QK_RANKS, VO_RANKS),
                        SeedTrial.completed("comcat", 0.25, 0, 0.760, 9_000_000, 2_000_000_000L),
                        SeedTrial.completed("svd-matrix", 0.5, 0, 0.770, 14_000_000, 3_000_000_000L),
                        SeedTrial.completed("head-prune", 0.5, 0, 0.780, 15_000_000, 2_900_000_000L),
                        SeedTrial.completed("comcat", 0.5, 1, 0.785, 14_000_000, 3_000_000_000L),
                        SeedTrial.pending("comcat", 0.125, 0)));
        SweepId fashion = seeder.seed(
                "fmnist",
                FASHION,
                "vit-tiny-fmnist",
                List.of(
                        SeedTrial.completed("dense", null, 0, 0.85, 72_000, 4_000_000),
                        SeedTrial.completed("comcat", 0.5, 0, 0.84, 60_000, 3_000_000),
                        SeedTrial.pending("comcat", 0.25, 0)));
        return new Sweeps(deit, fashion, seeder.seed("seeds", SYNTHETIC, "vit-tiny-fmnist", severalSeeds()));
    }

    private static List<SeedTrial> severalSeeds() {
        List<SeedTrial> trials = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            trials.add(SeedTrial.completed(
                    "dense", null, seed, SEEDED_TOP1.get("dense").get(seed), 72_000, 4_000_000));
            trials.add(SeedTrial.completed(
                    "dense-ft", null, seed, SEEDED_TOP1.get("dense-ft").get(seed), 72_000, 4_000_000));
            SeedTrial half = SeedTrial.completed(
                    "comcat", 0.5, seed, SEEDED_TOP1.get("comcat-0.5@0.5").get(seed), 60_000, 3_000_000);
            trials.add(seed == 0 ? half.withMetrics(spectrum()) : half);
            trials.add(SeedTrial.completed(
                    "comcat", 0.25, seed, SEEDED_TOP1.get("comcat-0.25@0.25").get(seed), 50_000, 2_500_000));
        }
        return trials;
    }

    /**
     * A base model's spectrum as the worker records it: per block (epoch = block + 1) rank90 of q, k, v, o and the
     * per-head mean and maximum of qk and vo; at epoch 0 the whole-model means and the head width.
     */
    public static List<TrialMetric> spectrum() {
        List<TrialMetric> metrics = new ArrayList<>();
        metrics.add(new TrialMetric(SPECTRUM, 0, "all", "headWidth", HEAD_WIDTH));
        metrics.add(new TrialMetric(SPECTRUM, 0, "qk", "rank90", 5.5));
        metrics.add(new TrialMetric(SPECTRUM, 0, "vo", "rank90", 7.25));
        for (int block = 0; block < BLOCKS; block++) {
            int epoch = block + 1;
            metrics.add(new TrialMetric(SPECTRUM, epoch, "qk", "rank90", 4 + block));
            metrics.add(new TrialMetric(SPECTRUM, epoch, "qk", "rank90max", 7 + block));
            metrics.add(new TrialMetric(SPECTRUM, epoch, "vo", "rank90", 6 + block * 0.5 + 0.25));
            metrics.add(new TrialMetric(SPECTRUM, epoch, "vo", "rank90max", 10 + block));
            metrics.add(new TrialMetric(SPECTRUM, epoch, "qk", "rank99", 12 + block));
            for (String matrix : List.of("q", "k", "v", "o")) {
                metrics.add(new TrialMetric(SPECTRUM, epoch, matrix, "rank90", 40 + 5 * block + matrix.charAt(0) % 7));
                metrics.add(new TrialMetric(SPECTRUM, epoch, matrix, "rank99", 70 + 3 * block));
            }
        }
        return metrics;
    }
}
