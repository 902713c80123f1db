package org.ranksweep.worker.train;

import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.worker.checkpoint.CheckpointImport;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diagnostics.AttentionSpectrum;
import org.ranksweep.worker.diagnostics.SpectrumReport;
import org.ranksweep.worker.model.VitFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dense base models trained from scratch, cached under {@code <artifacts>/base/<key>/} where the key is the
 * SHA-256 of (arch, initialisation, weight-decay rule, dataset spec, recipe, seed): parameters saved with DJL's
 * {@code Model.save}, the attention spectrum ({@code spectrum.json}) and a {@code summary.json} written last. The
 * test-set cap is left out of the key because it does not change training.
 * Concurrent requests for the same key wait for one trainer, in this JVM (a lock per key) and across processes
 * (a file lock on {@code <key>.lock}); the others then load its result. Training keeps per-epoch checkpoints in
 * {@code <key>.checkpoints/} until the entry is saved, so a trainer that dies is resumed, not restarted. Thread-safe.
 */
public final class BaseModelCache {

    static final String PARAMS_PREFIX = "base";
    static final String SUMMARY_FILE = "summary.json";
    /** The attention spectrum of an entry's model ({@link SpectrumReport} as JSON), written before the summary. */
    public static final String SPECTRUM_FILE = "spectrum.json";

    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(BaseModelCache.class);

    private final Path baseDirectory;

    public BaseModelCache(Path artifactDirectory) {
        this.baseDirectory = artifactDirectory.toAbsolutePath().normalize().resolve("base");
    }

    /** The cache key of a request. */
    public static String key(BaseRequest request) {
        DatasetSpec dataset = request.dataset();
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("arch", request.shape().name());
        identity.put("init", VitFactory.INITIALIZATION);
        identity.put("weightDecay", ModelTrainer.WEIGHT_DECAY_RULE);
        identity.put(
                "dataset",
                new DatasetSpec(
                        dataset.name(),
                        dataset.path(),
                        dataset.heldOut(),
                        dataset.trainLimit(),
                        null,
                        dataset.augment()));
        identity.put("recipe", request.recipe());
        identity.put("seed", request.seed());
        return Digests.sha256(Json.write(identity));
    }

    /** The directory of a request's cache entry. */
    public Path entry(BaseRequest request) {
        return baseDirectory.resolve(key(request));
    }

    /** The cached base model of {@code request}, training it on {@code data} first when it is not cached yet. */
    public BaseModel obtain(
            BaseRequest request, SplitDataset data, TrainingListener listener, CancellationFlag cancellation) {
        validate(request.recipe());
        String key = key(request);
        Path entry = baseDirectory.resolve(key);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(entry, path -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(baseDirectory);
            try (FileChannel channel = FileChannel.open(
                            baseDirectory.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (Files.isRegularFile(entry.resolve(SUMMARY_FILE))) {
                    if (intact(entry)) {
                        LOG.info(
                                "Reusing base model {} from {}", request.shape().name(), entry);
                        return new BaseModel(loadEntry(request.shape(), entry), entry, false, key);
                    }
                    Path aside = Digests.setAside(entry, entry);
                    LOG.warn(
                            "base model {} does not match the SHA-256 in its summary; set aside as {}, training it again",
                            entry,
                            aside);
                }
                return new BaseModel(train(request, key, entry, data, listener, cancellation), entry, true, key);
            }
        } catch (IOException e) {
            throw new RankSweepException("base model cache " + entry + ": " + Failures.describe(e), e);
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * A dense base model of {@code shape} read from an explicit file: a timm checkpoint saved as
     * {@code .safetensors} (see {@link CheckpointImport#timm}), or DJL parameters ({@code .params}).
     */
    public static BaseModel load(VitShape shape, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("model.base.file: " + file + " does not exist");
        }
        if (file.getFileName().toString().endsWith(".safetensors")) {
            try {
                return new BaseModel(CheckpointImport.timm("base", shape, file), file, false, null);
            } catch (ValidationException e) {
                throw new RankSweepException(
                        "model.base.file: " + file + " is not a timm " + shape.name() + " checkpoint:\n"
                                + Failures.describe(e),
                        e);
            }
        }
        String name = file.getFileName().toString();
        String prefix = name.replaceFirst("(-\\d{4})?\\.params$", "");
        try {
            Model model = VitFactory.load(
                    "base", ModelPlan.dense(shape), file.toAbsolutePath().getParent(), prefix);
            return new BaseModel(model, file, false, null);
        } catch (IOException e) {
            throw new RankSweepException(
                    "model.base.file: cannot load " + file + " as " + shape.name() + ": " + Failures.describe(e), e);
        }
    }

    /** Whether the entry's parameter file is the one its summary recorded (by SHA-256). */
    private static boolean intact(Path entry) throws IOException {
        String recorded;
        try {
            recorded = Json.mapper()
                    .readTree(Files.readString(entry.resolve(SUMMARY_FILE)))
                    .path("paramsSha256")
                    .asText("");
        } catch (IOException e) {
            return false;
        }
        try (Stream<Path> files = Files.list(entry)) {
            Optional<Path> params = files.filter(BaseModelCache::isParams).findFirst();
            return params.isPresent() && Digests.matches(params.get(), recorded);
        }
    }

    private static Model loadEntry(VitShape shape, Path entry) throws IOException {
        return VitFactory.load("base", ModelPlan.dense(shape), entry, PARAMS_PREFIX);
    }

    private static Model train(
            BaseRequest request,
            String key,
            Path entry,
            SplitDataset data,
            TrainingListener listener,
            CancellationFlag cancellation)
            throws IOException {
        LOG.info("Training base model {} (key {})", request.shape().name(), key);
        Model model = VitFactory.create("base", ModelPlan.dense(request.shape()), request.seed());
        try {
            TrainingSettings settings =
                    TrainingSettings.base(request.recipe(), request.dataset().augment(), request.seed());
            // A trainer killed mid-way leaves per-epoch checkpoints; whoever trains this key next resumes from them.
            Checkpoints checkpoints = new DirectoryCheckpoints(entry.resolveSibling(key + ".checkpoints"));
            List<EpochSummary> epochs = new ModelTrainer(settings, listener, cancellation, checkpoints)
                    .train(VitFactory.vit(model), model.getNDManager(), data, null);
            save(model, request, key, entry, epochs);
            checkpoints.clear();
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void save(Model model, BaseRequest request, String key, Path entry, List<EpochSummary> epochs)
            throws IOException {
        Files.createDirectories(entry);
        try (Stream<Path> stale = Files.list(entry)) {
            for (Path file : stale.toList()) {
                Files.delete(file);
            }
        }
        model.save(entry, PARAMS_PREFIX);
        writeSpectrum(entry, AttentionSpectrum.of(VitFactory.vit(model)));
        Path params = paramsFile(entry);
        BaseModelSummary summary = new BaseModelSummary(
                key,
                request.shape().name(),
                request.dataset(),
                request.recipe(),
                request.seed(),
                epochs,
                params.getFileName().toString(),
                Digests.sha256(params));
        Files.writeString(entry.resolve(SUMMARY_FILE), Json.write(summary), StandardCharsets.UTF_8);
    }

    /**
     * The attention spectrum of a base model: read from its cache entry's {@code spectrum.json}, or computed (and
     * then written into the entry when the model came from the cache) — a base read from an explicit file is
     * analysed afresh each time. Logs the mean per-head QK and VO 90 %-energy ranks.
     */
    public static SpectrumReport spectrum(BaseModel base) {
        Path file = base.cacheKey() == null ? null : base.source().resolve(SPECTRUM_FILE);
        SpectrumReport report;
        try {
            if (file != null && Files.isRegularFile(file)) {
                report = Json.read(Files.readString(file, StandardCharsets.UTF_8), SpectrumReport.class);
            } else {
                report = AttentionSpectrum.of(VitFactory.vit(base.model()));
                if (file != null) {
                    writeSpectrum(base.source(), report);
                }
            }
        } catch (IOException e) {
            throw new RankSweepException("spectrum of base model " + base.source() + ": " + Failures.describe(e), e);
        }
        LOG.info(
                "Base model {}: mean per-head 90%-energy rank QK {}, VO {} of head width {}",
                base.source(),
                String.format(Locale.ROOT, "%.2f", report.meanQkRank90()),
                String.format(Locale.ROOT, "%.2f", report.meanVoRank90()),
                report.headWidth());
        return report;
    }

    /** Writes the spectrum into an entry directory; readers never see a partial file. */
    private static void writeSpectrum(Path entry, SpectrumReport report) throws IOException {
        Path partial = Files.createTempFile(entry, SPECTRUM_FILE, ".partial");
        Files.writeString(partial, Json.write(report), StandardCharsets.UTF_8);
        Files.move(
                partial,
                entry.resolve(SPECTRUM_FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The parameter file DJL wrote into a directory ({@code base-NNNN.params}). */
    static Path paramsFile(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(BaseModelCache::isParams)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no parameters in " + directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isParams(Path file) {
        return file.getFileName().toString().matches(PARAMS_PREFIX + "(-\\d{4})?\\.params");
    }

    private static void validate(TrainRecipe recipe) {
        List<Problem> problems = new ArrayList<>();
        if (recipe.epochs() < 1) {
            problems.add(new Problem("model.base.train.epochs", "must be at least 1, was " + recipe.epochs()));
        }
        if (recipe.batch() < 1) {
            problems.add(new Problem("model.base.train.batch", "must be at least 1, was " + recipe.batch()));
        }
        if (recipe.warmupEpochs() < 0 || recipe.warmupEpochs() >= Math.max(1, recipe.epochs())) {
            problems.add(new Problem(
                    "model.base.train.warmupEpochs",
                    "must be at least 0 and less than epochs (" + recipe.epochs() + "), was " + recipe.warmupEpochs()));
        }
        if (!(recipe.lr() > 0)) {
            problems.add(new Problem("model.base.train.lr", "must be positive, was " + recipe.lr()));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }
}
