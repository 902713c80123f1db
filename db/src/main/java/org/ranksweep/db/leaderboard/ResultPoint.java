package org.ranksweep.db.leaderboard;

import java.time.Instant;

/**
 * One completed trial reduced to what an accuracy-versus-cost plot needs. Immutable.
 *
 * @param budget attention-parameter budget from the configuration; null for dense or explicit ranks
 * @param top1   top-1 test accuracy in [0, 1]
 * @param macs   multiply-accumulates per image
 * @param latencyMsBatch64 median forward latency of a batch of 64 images, milliseconds
 * @param endedAt when the trial completed (the order a sweep's front grew in)
 */
public record ResultPoint(
        long trialId,
        long sweepId,
        String label,
        String method,
        Double budget,
        String dataset,
        String model,
        long params,
        long macs,
        double top1,
        double latencyMsBatch64,
        Instant endedAt) {}
