package org.ranksweep.db.leaderboard;

/**
 * One completed trial reduced to what an accuracy-versus-cost plot needs. Immutable.
 *
 * @param budget attention-parameter budget from the configuration; null for dense or explicit ranks
 * @param top1   top-1 test accuracy in [0, 1]
 * @param macs   multiply-accumulates per image
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
        double top1) {}
