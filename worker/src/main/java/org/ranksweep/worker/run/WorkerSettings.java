package org.ranksweep.worker.run;

import java.nio.file.Path;

/**
 * How a worker runs trials. Immutable and thread-safe.
 *
 * @param artifactDirectory      where base models ({@code base/}) and trial outputs ({@code trials/}) are written
 * @param datasetCacheDirectory  where datasets not installed on the machine are downloaded to
 * @param threads                PyTorch intra-op threads (0 leaves the engine's default)
 */
public record WorkerSettings(Path artifactDirectory, Path datasetCacheDirectory, int threads) {}
