package org.ranksweep.db.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FeatureAlignSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;

/** Small, fully populated trial configurations, sweeps and results for database tests. Stateless. */
public final class SampleTrials {

    public static final String DATASET = "fashion-mnist";
    public static final String MODEL = "vit-tiny-fmnist";

    private SampleTrials() {}

    /** A COMCAT-style configuration on {@link #DATASET}/{@link #MODEL}. */
    public static TrialConfig config(String method, Double budget, long seed) {
        return config(method, DATASET, MODEL, budget, seed);
    }

    /** A configuration with every nested part filled, including fractional values that must survive JSON. */
    public static TrialConfig config(String method, String dataset, String model, Double budget, long seed) {
        ModelSpec modelSpec = new ModelSpec(model, new BaseSpec(new TrainRecipe(3, 1e-3, 128, 0.05), null));
        DatasetSpec datasetSpec = new DatasetSpec(dataset, null, 5000, 20000, null, "light");
        FinetuneSpec finetune = new FinetuneSpec(
                2, 3e-4, 1e-6, 64, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0.1, List.of(1, 3)));
        RankSpec ranks = budget == null ? new RankSpec(List.of(8, 8, 4, 4), List.of(8, 4, 4, 2)) : null;
        return new TrialConfig(
                method,
                method + "-entry",
                budget,
                ranks,
                "taylor",
                false,
                modelSpec,
                datasetSpec,
                finetune,
                seed,
                new ResourceSpec("cpu", 0));
    }

    /** SHA-256 of the configuration's canonical JSON, as 64 lower-case hex digits. */
    public static String contentHash(TrialConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static NewTrial trial(int index, TrialConfig config) {
        return new NewTrial(index, config.label(), config.method(), config, contentHash(config));
    }

    /** A sweep whose trials are the given configurations in order, indices from 0. */
    public static NewSweep sweep(String name, List<TrialConfig> configs, int maxAttempts) {
        List<NewTrial> trials = new ArrayList<>();
        for (int index = 0; index < configs.size(); index++) {
            trials.add(trial(index, configs.get(index)));
        }
        return new NewSweep(name, "name: " + name + "\n", "{\"name\":\"" + name + "\"}", trials, maxAttempts);
    }

    /** As {@link #result}, with the speed-up over its dense base timed side by side. */
    public static TrialResult measuredResult(double top1, long params, PairedSpeedup speedup) {
        TrialResult plain = result(top1, params);
        return new TrialResult(
                plain.top1(),
                plain.params(),
                plain.macs(),
                plain.attentionParams(),
                plain.latencyMsBatch1(),
                plain.latencyMsBatch64(),
                plain.ranks(),
                plain.artifactPath(),
                plain.artifactSha256(),
                speedup);
    }

    /** A plausible result whose other fields are derived from {@code top1} and {@code params}. */
    public static TrialResult result(double top1, long params) {
        return new TrialResult(
                top1,
                params,
                params * 49,
                params / 3,
                1.25,
                20.5,
                Map.of("qk", List.of(8, 8, 4, 4), "vo", List.of(8, 4, 4, 2)),
                "/artifacts/" + params,
                "ab".repeat(32));
    }
}
