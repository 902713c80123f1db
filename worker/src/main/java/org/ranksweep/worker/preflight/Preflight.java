package org.ranksweep.worker.preflight;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.FashionMnistFiles;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * What every trial of a sweep needs before the first one is queued: the dataset (present and readable, or
 * downloaded now into the cache, as a trial would), the model files the spec names ({@code model.base.file}) and
 * the PyTorch engine. A sweep that would fail in every trial for one of these reasons fails once, with the reason,
 * instead of once per trial. Run where the trials will run ({@code ranksweep local}: in process). Stateless and
 * thread-safe.
 */
public final class Preflight {

    private final Path datasetCache;

    /** @param datasetCache where missing datasets are downloaded to, as the workers' trial runners do */
    public Preflight(Path datasetCache) {
        this.datasetCache = datasetCache;
    }

    /**
     * Checks the spec's data, files and engine.
     *
     * @throws PreflightException naming every problem found, each with the field or file and how to fix it
     */
    public void check(SweepSpec spec) {
        List<String> problems = new ArrayList<>();
        checkDataset(spec.dataset(), problems);
        checkBaseModel(spec.model().base(), problems);
        checkEngine(problems);
        if (!problems.isEmpty()) {
            throw new PreflightException(problems);
        }
    }

    private void checkDataset(DatasetSpec dataset, List<String> problems) {
        try {
            switch (dataset.name()) {
                case DatasetLoader.FASHION_MNIST ->
                    FashionMnistFiles.withDefaults(datasetCache).locate(dataset.path());
                case DatasetLoader.IMAGEFOLDER -> {
                    for (String split : List.of("train", "val")) {
                        Path directory = Path.of(dataset.path()).resolve(split);
                        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
                            problems.add("dataset.path: " + directory + " is not a readable directory (imagefolder"
                                    + " needs train/<class>/ and val/<class>/ under dataset.path)");
                        }
                    }
                }
                default -> {
                    // synthetic: generated in memory; an unknown name is a spec error reported by validation.
                }
            }
        } catch (RuntimeException e) {
            problems.add(Failures.describe(e));
        }
    }

    private static void checkBaseModel(BaseSpec base, List<String> problems) {
        if (base == null || base.file() == null) {
            return;
        }
        Path file = Path.of(base.file());
        if (!Files.exists(file)) {
            problems.add("model.base.file: " + file.toAbsolutePath() + " does not exist");
        } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("model.base.file: " + file.toAbsolutePath() + " is not a readable file");
        }
    }

    private static void checkEngine(List<String> problems) {
        try {
            TorchRuntime.description();
        } catch (RuntimeException | LinkageError e) {
            problems.add("engine: the PyTorch engine does not load on this machine (" + Failures.typeAndMessage(e)
                    + "); trials need libtorch for linux-x86_64, which the PyTorch native jar on the class path"
                    + " provides");
        }
    }

    /** A sweep that cannot run at all: every problem found, one per line. */
    public static final class PreflightException extends RankSweepException {

        private final List<String> problems;

        PreflightException(List<String> problems) {
            super("the sweep cannot run: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
