package org.ranksweep.worker.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;

/**
 * Where a training run keeps its per-epoch checkpoints, so a later attempt of the same run resumes after the last
 * finished epoch instead of starting over. Implementations are thread-safe.
 */
public interface Checkpoints {

    /** A finished epoch as saved: its number, the optimizer updates done so far, and the summaries up to it. */
    record Saved(int epoch, int updates, List<EpochSummary> summaries) {
        public Saved {
            summaries = List.copyOf(summaries);
        }
    }

    /**
     * A checkpoint as restored: where the run was, and the optimizer's state then (arrays in the restoring manager;
     * empty when the checkpoint holds none).
     */
    record Restored(Saved saved, Optional<NDList> optimizerState) {}

    /**
     * Loads the last checkpoint's parameters into {@code model} (initialised, same shape) and says where it was, with
     * the optimizer state saved with it.
     */
    Optional<Restored> restore(Block model, NDManager manager);

    /**
     * Saves {@code model}'s parameters and the optimizer's state (named arrays) after an epoch; a crash mid-write
     * leaves the previous checkpoint intact.
     */
    void save(Block model, NDList optimizerState, Saved saved);

    /** Forgets every checkpoint (the run finished and its output is stored). */
    void clear();

    /** No checkpoints: every run starts from its first epoch. */
    static Checkpoints none() {
        return new Checkpoints() {
            @Override
            public Optional<Restored> restore(Block model, NDManager manager) {
                return Optional.empty();
            }

            @Override
            public void save(Block model, NDList optimizerState, Saved saved) {}

            @Override
            public void clear() {}
        };
    }
}
