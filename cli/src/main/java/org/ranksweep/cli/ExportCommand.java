package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.orchestrator.report.TrialDetail;
import org.ranksweep.orchestrator.report.TrialView;
import org.ranksweep.worker.checkpoint.TrialExport;
import org.ranksweep.worker.diffusion.DeltaExport;
import org.ranksweep.worker.model.TorchRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ranksweep export --trial ID --format safetensors --out FILE}: the completed trial's compressed model, read
 * from its artifact directory, written as safetensors with the plan, ranks, architecture and preprocessing in the
 * metadata, and {@code config.json} beside it; a customization trial's delta ({@link DeltaExport}).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Export a trial's compressed model (safetensors with ranks in the metadata) and a config.json beside it.",
            "Tensor names follow timm's VisionTransformer; reduced attention stores attn.q/k/v separately and a",
            "factorised Linear P stores P.0.weight and P.1.weight/bias (nn.Sequential of two Linears). The metadata",
            "holds ranksweep.architecture, ranksweep.plan, ranksweep.ranks and ranksweep.pretrained_cfg as JSON.",
            "config.json (written into FILE's directory, replacing one there) is timm's layout: model_args and",
            "pretrained_cfg with input_size, mean, std, interpolation and crop_pct, the preprocessing the model was",
            "trained with. tools/python/ranksweep_torch.py builds the model in PyTorch. The trial's artifact",
            "directory must be readable from this machine. A customization trial exports its delta instead: exactly",
            "the trained parameters, with format, method, rank, concept, token, shots, steps, learningRate, seed and",
            "base (the generator's file) in the metadata; no config.json."
        })
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--trial", required = true, description = "trial id")
    long trial;

    @Option(names = "--format", defaultValue = "safetensors", description = "export format (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, description = "output file")
    Path out;

    @Mixin
    SourceOptions source;

    @Mixin
    DatabaseOptions database;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        if (!"safetensors".equalsIgnoreCase(format)) {
            throw ValidationException.of("--format", "unknown format '" + format + "' (known: safetensors)");
        }
        TrialView view;
        TrialResult result;
        try (ResultSource results = source.open(database, home.home)) {
            TrialDetail detail = results.trial(trial);
            view = detail.trial();
            result = detail.result();
        }
        if (view.state() != TrialState.COMPLETED || result == null || result.artifactPath() == null) {
            throw new RankSweepException(
                    "trial " + trial + " is " + view.state() + ": only a completed trial has a model to export");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("ranksweep.trial", Long.toString(trial));
        metadata.put("ranksweep.method", view.method());
        metadata.put("ranksweep.label", view.label());
        if (result.customization() == null) {
            metadata.put("ranksweep.top1", Double.toString(result.top1()));
        }
        if (result.customization() != null) {
            metadata.put(
                    "ranksweep.fidelity", Double.toString(result.customization().fidelity()));
            DeltaExport.export(Path.of(result.artifactPath()), out, metadata);
            System.out.printf("exported the customization delta of trial %d (%s) to %s%n", trial, view.label(), out);
            return ExitCodes.OK;
        }
        TorchRuntime.start(0);
        TrialExport.export(Path.of(result.artifactPath()), out, metadata);
        System.out.printf(
                "exported trial %d (%s) to %s and %s%n", trial, view.label(), out, TrialExport.configFile(out));
        return ExitCodes.OK;
    }
}
