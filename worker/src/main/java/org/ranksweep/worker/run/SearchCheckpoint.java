package org.ranksweep.worker.run;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.Checkpoints;
import org.ranksweep.worker.train.DirectoryCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rank search's outcome kept for the trial's later attempts: the plan it chose ({@code plan.json}) and the
 * searched model's weights (a {@link DirectoryCheckpoints} under {@code weights/}), in the trial's checkpoint
 * directory. A promoted or retried comcat-auto trial rebuilds exactly that model instead of searching again (the
 * search costs more than several fine-tuning epochs); a missing or unreadable outcome means searching again. The
 * plan is written before the weights, whose index is written last, so a reader never pairs a plan with weights of
 * another. Thread-safe.
 */
final class SearchCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SearchCheckpoint.class);
    private static final String PLAN = "plan.json";

    private final Path directory;
    private final Checkpoints weights;

    SearchCheckpoint(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.weights = new DirectoryCheckpoints(this.directory.resolve("weights"));
    }

    /** Keeps {@code plan} and the weights of {@code model}, the search's outcome, replacing any earlier one. */
    synchronized void save(ModelPlan plan, Model model) {
        weights.clear();
        try {
            Files.createDirectories(directory);
            Path staging = directory.resolve(".staging-" + UUID.randomUUID());
            Files.writeString(staging, Json.write(plan), StandardCharsets.UTF_8);
            Files.move(
                    staging,
                    directory.resolve(PLAN),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RankSweepException(
                    "cannot write the rank search's plan into " + directory + ": " + Failures.describe(e), e);
        }
        weights.save(VitFactory.vit(model), new NDList(), new Checkpoints.Saved(0, 0, List.of()));
    }

    /**
     * The searched model rebuilt from the kept plan over {@code base} and loaded with the kept weights, or empty when
     * nothing (usable) is kept.
     */
    synchronized Optional<CompressionStep.Compressed> restore(Model base, CompressionMethod method) {
        ModelPlan plan;
        try {
            plan = Json.read(Files.readString(directory.resolve(PLAN), StandardCharsets.UTF_8), ModelPlan.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("rank search outcome in {} unreadable, searching again: {}", directory, e.toString());
            return Optional.empty();
        }
        Model model = ModelCompressor.compress(base, plan, method.attentionForm(), method.name());
        try {
            Optional<Checkpoints.Restored> restored = weights.restore(VitFactory.vit(model), model.getNDManager());
            if (restored.isEmpty()) {
                model.close();
                return Optional.empty();
            }
            restored.get().optimizerState().ifPresent(NDList::close);
            LOG.info("rank search outcome restored from {}: {}", directory, plan);
            return Optional.of(new CompressionStep.Compressed(plan, model));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Forgets the outcome (the trial's result is stored). */
    synchronized void clear() {
        weights.clear();
        try {
            Files.deleteIfExists(directory.resolve(PLAN));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("rank search outcome in {} not removed: {}", directory, e.toString());
        }
    }
}
