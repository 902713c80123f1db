package org.ranksweep.worker.run;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ranksweep.core.cost.Cost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Execution;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.method.RankReport;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diagnostics.SpectrumReport;
import org.ranksweep.worker.eval.Evaluation;
import org.ranksweep.worker.eval.Evaluator;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.BaseModelCache;
import org.ranksweep.worker.train.BaseRequest;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.Checkpoints;
import org.ranksweep.worker.train.Digests;
import org.ranksweep.worker.train.DirectoryCheckpoints;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.Teacher;
import org.ranksweep.worker.train.TeacherLabelCache;
import org.ranksweep.worker.train.TrainingCancelledException;
import org.ranksweep.worker.train.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial end to end on the calling thread: load data → obtain the dense base model (cached) and report its
 * attention spectrum (phase {@code spectrum}) → compress it by the trial's method (comcat-auto: search its ranks,
 * phase {@code search}; dense-ft: a copy of the base; a warm-started comcat point: the ranks {@link SpectrumWarmStart}
 * chooses from that spectrum) → check the compressed forward →
 * held-out top-1 before fine-tuning (phase {@code compress}) → fine-tune with distillation from the base (a checkpoint
 * per epoch under {@code <artifacts>/checkpoints/}, from which a later attempt of the same trial resumes) → test
 * top-1, latency and costs → artifacts. An attempt of a successive-halving trial fine-tunes only up to its rung epoch
 * (on the schedule of all epochs, resuming from the checkpoint), reports its {@link RungMetrics} there, and below the
 * last epoch stops with its checkpoint kept (see {@link #runAttempt}). A customization trial (one with
 * {@link TrialConfig#customization()}) obtains its judge as the base model and runs {@link CustomizationRun}
 * instead of compressing. Every failure inside a
 * trial surfaces as a {@link TrialFailedException} with a readable reason; a raised cancellation flag as a
 * {@link TrainingCancelledException}. Thread-safe: concurrent trials share a JVM-wide lock around each
 * training step (DJL's PyTorch gradient collector is one per JVM).
 */
public final class TrialRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

    /** The seed of every customization trial's judge. */
    static final long JUDGE_SEED = 0;

    private final DatasetLoader datasets;
    private final BaseModelCache baseModels;
    private final TeacherLabelCache teacherLabels;
    private final TrialArtifacts artifacts;
    private final Evaluator evaluator = new Evaluator(2, 5);
    private final Path checkpointDirectory;
    private final CustomizationRun customizations;
    private DatasetSpec cachedSpec;
    private SplitDataset cachedData;

    public TrialRunner(WorkerSettings settings) {
        TorchRuntime.start(settings.threads());
        this.datasets = DatasetLoader.withDefaults(settings.datasetCacheDirectory());
        this.baseModels = new BaseModelCache(settings.artifactDirectory());
        this.teacherLabels = new TeacherLabelCache(settings.artifactDirectory());
        this.artifacts = new TrialArtifacts(settings.artifactDirectory());
        this.customizations = new CustomizationRun(settings.artifactDirectory());
        this.checkpointDirectory =
                settings.artifactDirectory().toAbsolutePath().normalize().resolve("checkpoints");
    }

    /**
     * Fine-tuning checkpoints of a trial, shared by all its attempts (and identical trials): keyed by the SHA-256
     * of its configuration, like its artifacts.
     */
    private Checkpoints checkpoints(TrialConfig config) {
        return new DirectoryCheckpoints(trialCheckpoints(config).resolve("finetune"));
    }

    /** A comcat-auto trial's rank search outcome, beside its fine-tuning checkpoints and shared the same way. */
    private SearchCheckpoint searched(TrialConfig config) {
        return new SearchCheckpoint(trialCheckpoints(config).resolve("search"));
    }

    private Path trialCheckpoints(TrialConfig config) {
        return checkpointDirectory.resolve(Digests.sha256(Json.write(config)));
    }

    /** Removes everything a trial kept for its later attempts, once its result is stored. */
    private void clearCheckpoints(TrialConfig config) {
        checkpoints(config).clear();
        searched(config).clear();
        try {
            Files.deleteIfExists(trialCheckpoints(config));
        } catch (IOException e) {
            LOG.warn("checkpoint directory {} not removed: {}", trialCheckpoints(config), e.toString());
        }
    }

    /**
     * Runs {@code config}; metrics and progress go to {@code listener}; {@code cancel} is checked per batch. Out of
     * memory, the trial runs again at half its fine-tuning batch when its spec allows it (see
     * {@link OutOfMemoryPolicy}); the batch it finally ran with is reported as metric {@code finetune/train/batch}.
     */
    public TrialResult run(TrialConfig config, TrialListener listener, CancellationFlag cancel) {
        TrialOutcome outcome = attempt(config, null, listener, cancel);
        if (outcome instanceof TrialOutcome.Completed completed) {
            return completed.result();
        }
        throw new IllegalStateException("trial " + config.label() + " without a rung stopped at one: " + outcome);
    }

    /**
     * Runs the attempt {@code assignment} asks for, like {@link #run(TrialConfig, TrialListener, CancellationFlag)}
     * unless it has a {@link AssignTrial#rungEpoch() rung epoch}: then fine-tuning runs only up to that epoch, on the
     * schedule of all {@code finetune.epochs} and from the trial's last checkpoint (no epoch at all when the
     * checkpoint is already there), and the rung's metrics go to {@link TrialListener#onRung}; below the last epoch
     * the attempt then ends {@link TrialOutcome.StoppedAtRung} with its checkpoint kept, with no test evaluation and
     * no artifacts; at the last epoch it goes on to its result. A rung for a trial that fine-tunes nothing, or outside
     * its epochs, fails the trial.
     */
    public TrialOutcome runAttempt(AssignTrial assignment, TrialListener listener, CancellationFlag cancel) {
        return attempt(assignment.config(), assignment.rungEpoch(), listener, cancel);
    }

    private TrialOutcome attempt(
            TrialConfig config, Integer rungEpoch, TrialListener listener, CancellationFlag cancel) {
        TrialConfig current = config;
        while (true) {
            try {
                return runOnce(current, rungEpoch, listener, cancel);
            } catch (TrainingCancelledException | TrialFailedException e) {
                throw e;
            } catch (OutOfMemoryError e) {
                current = halfBatchOrFail(current, e, listener);
            } catch (RuntimeException e) {
                if (!OutOfMemoryPolicy.isOutOfMemory(e)) {
                    throw e instanceof RankSweepException
                            ? new TrialFailedException(Failures.describe(e), e)
                            : new TrialFailedException(Failures.typeAndMessage(e), e);
                }
                current = halfBatchOrFail(current, e, listener);
            } catch (IOException e) {
                throw new TrialFailedException("I/O failed: " + Failures.typeAndMessage(e), e);
            }
        }
    }

    private static TrialConfig halfBatchOrFail(TrialConfig config, Throwable outOfMemory, TrialListener listener) {
        TrialConfig retry = OutOfMemoryPolicy.halfBatch(config)
                .orElseThrow(
                        () -> new TrialFailedException(OutOfMemoryPolicy.reason(config, outOfMemory), outOfMemory));
        int batch = retry.finetune().batch();
        LOG.warn(
                "Trial {} ran out of memory at fine-tuning batch {}; retrying at batch {}",
                config.label(),
                config.finetune().batch(),
                batch);
        listener.onMetric(new TrialMetric("finetune", 0, "train", "batch", batch));
        return retry;
    }

    private TrialOutcome runOnce(TrialConfig config, Integer rungEpoch, TrialListener listener, CancellationFlag cancel)
            throws IOException {
        VitShape shape = ModelCatalog.find(config.model().arch())
                .orElseThrow(() -> ValidationException.of(
                        "model.arch",
                        "unknown model '" + config.model().arch() + "' (known: " + ModelCatalog.names() + ")"));
        if (config.customizes()) {
            return new TrialOutcome.Completed(customize(config, shape, rungEpoch, listener, cancel));
        }
        CompressionMethod method = Methods.require(config.method());
        if (rungEpoch != null) {
            requireRung(config, method, rungEpoch);
        }
        listener.onProgress(new TrialProgress("data", 0, 0, 0, 0));
        SplitDataset data = dataset(config.dataset());
        requireFits(data, shape);
        if (rungEpoch != null && data.heldOut().size() == 0) {
            throw new TrialFailedException("successive halving compares held-out top-1 at its rungs but dataset '"
                    + data.name() + "' has no held-out images (dataset.heldOut is 0)");
        }
        try (BaseModel base = obtainBase(config, config.seed(), shape, data, listener, cancel)) {
            SpectrumReport spectrum = BaseModelCache.spectrum(base);
            spectrum.metrics().forEach(listener::onMetric);
            requireNotCancelled(cancel);
            listener.onProgress(new TrialProgress("compress", 0, 0, 0, 0));
            // A warm start's ranks come from this base; the trial keeps its own config (and artifact directory).
            TrialConfig planned = SpectrumWarmStart.resolve(config, shape, spectrum);
            CompressionStep.Compressed compressed =
                    CompressionStep.compress(planned, method, shape, base, data, listener, cancel, searched(config));
            try {
                Model evaluated = compressed.model() == null ? base.model() : compressed.model();
                CompressionStep.check(evaluated, method, data, listener);
                if (compressed.model() != null) {
                    int stopAfter = rungEpoch == null ? fullEpochs(config) : rungEpoch;
                    List<EpochSummary> epochs =
                            finetune(config, compressed.model(), base.model(), data, listener, cancel, stopAfter);
                    if (rungEpoch != null) {
                        RungMetrics rung = rungMetrics(rungEpoch, epochs, compressed);
                        listener.onRung(rung);
                        if (rungEpoch < fullEpochs(config)) {
                            LOG.info(
                                    "Trial {} {} stopped at rung epoch {} of {}: held-out top1 {}",
                                    config.label(),
                                    method.name(),
                                    rungEpoch,
                                    fullEpochs(config),
                                    rung.top1());
                            return new TrialOutcome.StoppedAtRung(rungEpoch);
                        }
                    }
                }
                return new TrialOutcome.Completed(
                        finish(config, method, compressed.plan(), evaluated, data, listener, base));
            } finally {
                if (compressed.model() != null) {
                    compressed.model().close();
                }
            }
        }
    }

    /** Fine-tunes {@code student} up to epoch {@code stopAfter}; the summaries of every epoch it has had. */
    private List<EpochSummary> finetune(
            TrialConfig config,
            Model student,
            Model teacher,
            SplitDataset data,
            TrialListener listener,
            CancellationFlag cancel,
            int stopAfter) {
        FinetuneSpec spec = config.finetune();
        if (spec == null || spec.epochs() == 0) {
            return List.of();
        }
        TrainingSettings settings =
                TrainingSettings.finetune(spec, config.dataset().augment(), config.seed());
        Teacher dense = new Teacher(VitFactory.vit(teacher), teacher.getNDManager());
        if (settings.teacherLabelsSuffice()) {
            dense = dense.withLabels(teacherLabels.obtain(teacher, dense, data));
        }
        return new ModelTrainer(settings, new PhaseListener("finetune", listener), cancel, checkpoints(config))
                .train(VitFactory.vit(student), student.getNDManager(), data, dense, stopAfter);
    }

    private static int fullEpochs(TrialConfig config) {
        return config.finetune() == null ? 0 : config.finetune().epochs();
    }

    /** A rung needs epochs to fine-tune and must be one of them. */
    private static void requireRung(TrialConfig config, CompressionMethod method, int rungEpoch) {
        if (method.execution() == Execution.EVALUATE_BASE) {
            throw new TrialFailedException("cannot stop at rung epoch " + rungEpoch
                    + ": successive halving needs fine-tuning epochs to allocate; method " + method.name()
                    + " trains nothing");
        }
        requireRungEpoch(config, rungEpoch);
    }

    /**
     * A rung epoch must be one of the trial's fine-tuning epochs.
     *
     * @throws TrialFailedException saying why not
     */
    public static void requireRungEpoch(TrialConfig config, int rungEpoch) {
        int epochs = fullEpochs(config);
        if (epochs == 0) {
            throw new TrialFailedException("cannot stop at rung epoch " + rungEpoch
                    + ": successive halving needs fine-tuning epochs to allocate; finetune.epochs is 0");
        }
        if (rungEpoch < 1 || rungEpoch > epochs) {
            throw new TrialFailedException(
                    "rung epoch " + rungEpoch + " is not one of the trial's fine-tuning epochs 1.." + epochs);
        }
    }

    /** Held-out top-1 after the rung's epoch, and the costs the compressed model's result would report. */
    private static RungMetrics rungMetrics(
            int rungEpoch, List<EpochSummary> epochs, CompressionStep.Compressed compressed) {
        EpochSummary summary = epochs.stream()
                .filter(epoch -> epoch.epoch() == rungEpoch)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("fine-tuning has no summary of rung epoch " + rungEpoch));
        Cost cost = Evaluator.cost(VitFactory.vit(compressed.model()), compressed.plan());
        return new RungMetrics(rungEpoch, summary.heldOutTop1(), cost.params(), cost.macs());
    }

    private TrialResult finish(
            TrialConfig config,
            CompressionMethod method,
            ModelPlan plan,
            Model model,
            SplitDataset data,
            TrialListener listener,
            BaseModel base)
            throws IOException {
        listener.onProgress(new TrialProgress("eval", 0, 0, 0, 0));
        Evaluation evaluation = evaluator.evaluate(
                VitFactory.vit(model),
                plan,
                model.getNDManager(),
                data,
                VitFactory.vit(base.model()),
                base.model().getNDManager());
        listener.onMetric(new TrialMetric("eval", 0, "test", "top1", evaluation.top1()));
        listener.onMetric(new TrialMetric("eval", 0, "test", "latencyMsBatch1", evaluation.latencyMsBatch1()));
        listener.onMetric(new TrialMetric("eval", 0, "test", "latencyMsBatch64", evaluation.latencyMsBatch64()));
        PairedSpeedup speedup = evaluation.speedupVsDense();
        listener.onMetric(new TrialMetric("eval", 0, "test", "speedupVsDense", speedup.median()));
        listener.onMetric(new TrialMetric("eval", 0, "test", "speedupVsDenseMin", speedup.min()));
        listener.onMetric(new TrialMetric("eval", 0, "test", "speedupVsDenseMax", speedup.max()));
        var ranks = RankReport.of(method, plan);
        TrialArtifacts.Written written = artifacts.write(
                config, model, plan, ranks, evaluation, base.source().toString(), data.preprocessing());
        clearCheckpoints(config);
        LOG.info(
                "Trial {} {} done: top1 {}, params {}, MACs {}",
                config.label(),
                method.name(),
                evaluation.top1(),
                evaluation.params(),
                evaluation.macs());
        return new TrialResult(
                evaluation.top1(),
                evaluation.params(),
                evaluation.macs(),
                evaluation.attentionParams(),
                evaluation.latencyMsBatch1(),
                evaluation.latencyMsBatch64(),
                ranks,
                written.directory().toString(),
                written.paramsSha256(),
                speedup);
    }

    /**
     * A customization trial ({@link CustomizationRun}): the judge is the trial's base model trained with seed
     * {@value #JUDGE_SEED} whatever the trial's seed, so every trial of a sweep is judged by the same classifier.
     */
    private TrialResult customize(
            TrialConfig config, VitShape shape, Integer rungEpoch, TrialListener listener, CancellationFlag cancel)
            throws IOException {
        if (rungEpoch != null) {
            throw new TrialFailedException("a customization trial has no rungs (successive halving runs fine-tuning"
                    + " epochs), but its attempt was sent to epoch " + rungEpoch);
        }
        listener.onProgress(new TrialProgress("data", 0, 0, 0, 0));
        SplitDataset data = dataset(config.dataset());
        requireFits(data, shape);
        try (BaseModel judge = obtainBase(config, JUDGE_SEED, shape, data, listener, cancel)) {
            return customizations.run(config, data, judge, listener, cancel);
        }
    }

    private BaseModel obtainBase(
            TrialConfig config,
            long seed,
            VitShape shape,
            SplitDataset data,
            TrialListener listener,
            CancellationFlag cancel) {
        BaseSpec base = config.model().base();
        if (base == null || (base.file() == null) == (base.train() == null)) {
            throw ValidationException.of("model.base", "needs exactly one of train or file");
        }
        if (base.file() != null) {
            return BaseModelCache.load(shape, Path.of(base.file()));
        }
        BaseRequest request = new BaseRequest(shape, config.dataset(), base.train(), seed);
        return baseModels.obtain(request, data, new PhaseListener("base", listener), cancel);
    }

    private synchronized SplitDataset dataset(DatasetSpec spec) {
        if (!spec.equals(cachedSpec)) {
            cachedData = datasets.load(spec);
            cachedSpec = spec;
        }
        return cachedData;
    }

    private static void requireNotCancelled(CancellationFlag cancel) {
        if (cancel.isCancelled()) {
            throw new TrainingCancelledException("trial cancelled before compression");
        }
    }

    /** The images and labels must be what the architecture takes: channels, size and class count. */
    private static void requireFits(SplitDataset data, VitShape shape) {
        ImageSet images = data.train();
        if (images.channels() != shape.channels()
                || images.height() != shape.imageSize()
                || images.width() != shape.imageSize()) {
            throw ValidationException.of(
                    "dataset",
                    "'" + data.name() + "' has " + images.channels() + "×" + images.height() + "×"
                            + images.width() + " images but model.arch " + shape.name() + " takes " + shape.channels()
                            + "×"
                            + shape.imageSize() + "×" + shape.imageSize());
        }
        if (data.classes() != shape.classes()) {
            throw ValidationException.of(
                    "dataset",
                    "'" + data.name() + "' has " + data.classes() + " classes but model.arch " + shape.name() + " has "
                            + shape.classes() + " outputs");
        }
    }

    @Override
    public synchronized void close() {
        cachedData = null;
        cachedSpec = null;
    }
}
