package org.ranksweep.worker.train;

import ai.djl.Model;
import java.nio.file.Path;

/**
 * A dense base model ready for compression, and where it came from. The caller owns (and closes) the model.
 *
 * @param model     the DJL model holding the dense ViT
 * @param source    the cache entry's or file's location
 * @param trained   true when it was trained by this request, false when it was loaded
 * @param cacheKey  the cache key, or null for a model loaded from an explicit file
 */
public record BaseModel(Model model, Path source, boolean trained, String cacheKey) implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
