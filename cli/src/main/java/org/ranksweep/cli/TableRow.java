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
 */
record TableRow(String method, String label, Double budget, Double publishedTop1, Long publishedParams,
                Long publishedMacs, Long trialId, Double top1, Long params, Long macs, String status,
                String citation, String sourceCheckpoint, String teacher, Integer epochs, String flopConvention) {

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
