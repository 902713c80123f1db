package org.ranksweep.worker.train;

import java.util.List;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;

/**
 * What is stored next to a cached base model's parameters ({@code summary.json}); written last, so its presence
 * marks a complete entry. Immutable and thread-safe.
 *
 * @param key          the cache key (SHA-256 of arch, dataset spec, recipe and seed)
 * @param paramsFile   file name of the parameters inside the entry's directory
 * @param paramsSha256 SHA-256 of that file
 */
public record BaseModelSummary(
        String key,
        String arch,
        DatasetSpec dataset,
        TrainRecipe recipe,
        long seed,
        List<EpochSummary> epochs,
        String paramsFile,
        String paramsSha256) {

    public BaseModelSummary {
        epochs = List.copyOf(epochs);
    }
}
