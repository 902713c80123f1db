package org.ranksweep.orchestrator.report;

/**
 * One completed trial on the accuracy-versus-cost plot. Immutable.
 *
 * @param top1          top-1 test accuracy, a fraction in [0, 1]
 * @param macs          multiply-accumulates per image
 * @param frontByParams whether no other trial of the sweep has at most its parameters and at least its top-1
 * @param frontByMacs   the same against MACs
 */
public record ParetoPoint(
        long trialId,
        String label,
        String method,
        Double budget,
        long params,
        long macs,
        double top1,
        boolean frontByParams,
        boolean frontByMacs) {}
