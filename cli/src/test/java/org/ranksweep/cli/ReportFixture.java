package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.sweep.CreatedSweep;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;
import org.ranksweep.orchestrator.baseline.BaselineLoader;

/**
 * A DeiT-S sweep for report tests: dense and comcat completed, a second comcat, svd-matrix completed, head-prune
 * still pending. The expected values are derived from what it inserts and from the published baselines files.
 */
final class ReportFixture {

    static final String MODEL = "deit-small";
    static final Path BASELINES = Path.of("..", "experiments", "baselines");
    static final double DENSE_TOP1 = 0.7950;
    static final double COMCAT_TOP1 = 0.7850;
    static final double COMCAT_LOW_TOP1 = 0.7000;
    static final double SVD_TOP1 = 0.6000;

    private ReportFixture() {}

    /** Inserts the sweep (named {@code name}) and returns its id. */
    static long seed(Database database, String name) {
        List<TrialConfig> configs = List.of(
                SampleTrials.config("dense", "imagefolder", MODEL, null, 0),
                SampleTrials.config("comcat", "imagefolder", MODEL, 0.5, 0),
                SampleTrials.config("comcat", "imagefolder", MODEL, 0.25, 0),
                SampleTrials.config("svd-matrix", "imagefolder", MODEL, 0.5, 0),
                SampleTrials.config("head-prune", "imagefolder", MODEL, 0.5, 0));
        CreatedSweep sweep = new JdbcSweepRepository(database).create(SampleTrials.sweep(name, configs, 3));
        TrialDriver driver = new TrialDriver(database);
        double[] top1 = {DENSE_TOP1, COMCAT_TOP1, COMCAT_LOW_TOP1, SVD_TOP1};
        long[] params = {22_050_664L, 17_000_000L, 14_000_000L, 17_100_000L};
        for (int index = 0; index < top1.length; index++) {
            complete(driver, sweep.trialIds().get(index), top1[index], params[index]);
        }
        return sweep.id().value();
    }

    static void complete(TrialDriver driver, TrialId trial, double top1, long params) {
        driver.complete(
                trial,
                "worker",
                List.of(),
                new TrialResult(
                        top1,
                        params,
                        params * 200,
                        params / 3,
                        1.0,
                        10.0,
                        Map.of(),
                        "/artifacts/" + params,
                        "ab".repeat(32)));
    }

    /** The published top-1 of {@code method} for the fixture's model, as a fraction, read from the baselines. */
    static double published(String method) {
        return BaselineLoader.read(BASELINES).stream()
                .filter(b -> MODEL.equals(b.model()) && method.equals(b.method()))
                .map(Baseline::top1)
                .findFirst()
                .orElseThrow();
    }

    /** How many published rows the baselines files hold for the fixture's model. */
    static long publishedRows() {
        return BaselineLoader.read(BASELINES).stream()
                .filter(b -> MODEL.equals(b.model()))
                .count();
    }
}
