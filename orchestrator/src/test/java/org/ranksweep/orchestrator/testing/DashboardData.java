package org.ranksweep.orchestrator.testing;

import java.util.List;
import org.ranksweep.core.trial.SweepId;
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
 */
public final class DashboardData {

    public static final String IMAGENET = "imagenet-1k";
    public static final String FASHION = "fashion-mnist";
    public static final List<Integer> QK_RANKS = List.of(8, 8, 4, 4);
    public static final List<Integer> VO_RANKS = List.of(8, 4, 4, 2);

    private DashboardData() {
    }

    /** The ids of the two sweeps. */
    public record Sweeps(SweepId deit, SweepId fashion) {
    }

    public static Sweeps seed(Database database) {
        TrialSeeder seeder = new TrialSeeder(database);
        SweepId deit = seeder.seed("deit", IMAGENET, "deit-small", List.of(
                SeedTrial.completed("dense", null, 0, 0.798, 22_100_000, 4_600_000_000L),
                SeedTrial.completed("comcat", 0.5, 0, 0.790, 14_000_000, 3_000_000_000L)
                        .withRanks(QK_RANKS, VO_RANKS),
                SeedTrial.completed("comcat", 0.25, 0, 0.760, 9_000_000, 2_000_000_000L),
                SeedTrial.completed("svd-matrix", 0.5, 0, 0.770, 14_000_000, 3_000_000_000L),
                SeedTrial.completed("head-prune", 0.5, 0, 0.780, 15_000_000, 2_900_000_000L),
                SeedTrial.completed("comcat", 0.5, 1, 0.785, 14_000_000, 3_000_000_000L),
                SeedTrial.pending("comcat", 0.125, 0)));
        SweepId fashion = seeder.seed("fmnist", FASHION, "vit-tiny-fmnist", List.of(
                SeedTrial.completed("dense", null, 0, 0.85, 72_000, 4_000_000),
                SeedTrial.completed("comcat", 0.5, 0, 0.84, 60_000, 3_000_000),
                SeedTrial.pending("comcat", 0.25, 0)));
        return new Sweeps(deit, fashion);
    }
}
