package org.ranksweep.cli;

/**
 * One line of a paper-table report: a published result, our measured trial, or both side by side. Top-1 values are
 * fractions; null means unknown or not measured. Immutable.
 *
 * @param method           our method name, or the published method when there is no trial
 * @param label            our spec label, or "published" for a published-only row
 * @param budget           our attention budget, if any
 * @param publishedTop1    the published top-1
 * @param publishedParams  published parameters
 * @param publishedMacs    published MACs (see {@code flopConvention})
 * @param trialId          our trial, if any
 * @param top1             our measured top-1
 * @param params           our parameter count
 * @param macs             our multiply-accumulates per image
 * @param status           reproduced / not reproduced / not run yet / published only / measured / failed
 * @param citation         where the published row comes from
 * @param sourceCheckpoint the dense checkpoint the published method started from
 * @param teacher          its distillation teacher
 * @param epochs           its fine-tuning epochs
 * @param flopConvention   how it counted operations
 * @param top1HalfWidth    half-width of the 95 % interval of our top-1 over seeds (then {@code top1} is their mean);
 *                         null with one seed
 * @param seeds            completed seeds behind our top-1 (0 without a trial)
 */
record TableRow(
        String method,
        String label,
        Double budget,
        Double publishedTop1,
        Long publishedParams,
        Long publishedMacs,
        Long trialId,
        Double top1,
        Long params,
        Long macs,
        String status,
        String citation,
        String sourceCheckpoint,
        String teacher,
        Integer epochs,
        String flopConvention,
        Double top1HalfWidth,
        int seeds) {

    /** A row whose top-1 comes from at most one trial. */
    TableRow(
            String method,
            String label,
            Double budget,
            Double publishedTop1,
            Long publishedParams,
            Long publishedMacs,
            Long trialId,
            Double top1,
            Long params,
            Long macs,
            String status,
            String citation,
            String sourceCheckpoint,
            String teacher,
            Integer epochs,
            String flopConvention) {
        this(
                method,
                label,
                budget,
                publishedTop1,
                publishedParams,
                publishedMacs,
                trialId,
                top1,
                params,
                macs,
                status,
                citation,
                sourceCheckpoint,
                teacher,
                epochs,
                flopConvention,
                null,
                top1 == null ? 0 : 1);
    }

    /** A row of ours with no published counterpart and no result yet; {@code withTrial} adds one. */
    static TableRow unpublished(String method, String label, Double budget, String status) {
        return new TableRow(
                method, label, budget, null, null, null, null, null, null, null, status, null, null, null, null, null);
    }

    /** Ours − published, in fraction units; null unless both are known. */
    Double deltaTop1() {
        return top1 == null || publishedTop1 == null ? null : top1 - publishedTop1;
    }

    Long deltaParams() {
        return params == null || publishedParams == null ? null : params - publishedParams;
    }

    Long deltaMacs() {
        return macs == null || publishedMacs == null ? null : macs - publishedMacs;
    }
}
