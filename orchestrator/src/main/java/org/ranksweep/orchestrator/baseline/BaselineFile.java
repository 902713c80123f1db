package org.ranksweep.orchestrator.baseline;

import java.math.BigDecimal;
import java.util.List;

/**
 * One baselines YAML file as written: values shared by its rows, then the rows, each of which may override a shared
 * value. Numbers are read as written by papers (millions, giga, percent) and as exact decimals. Immutable.
 *
 * @param citation         paper and table the numbers come from
 * @param dataset          e.g. {@code imagenet-1k}
 * @param method           e.g. {@code isomorphic-pruning}
 * @param sourceCheckpoint the dense checkpoint the method started from
 * @param teacher          distillation teacher; null when the source does not name one
 * @param epochs           fine-tuning epochs; null when not confirmed
 * @param flopConvention   how the paper counted operations
 * @param notes            anything a reader needs to compare fairly
 * @param results          the published rows
 */
record BaselineFile(
        String citation,
        String dataset,
        String method,
        String model,
        String sourceCheckpoint,
        String teacher,
        Integer epochs,
        String flopConvention,
        String notes,
        List<Row> results) {

    /**
     * One published result; a null field takes the file's shared value.
     *
     * @param paramsM     total parameters in millions
     * @param macsG       multiply-accumulates per image in billions
     * @param top1Percent top-1 accuracy in percent
     */
    record Row(
            String model,
            String dataset,
            String method,
            BigDecimal paramsM,
            BigDecimal macsG,
            BigDecimal top1Percent,
            String citation,
            String sourceCheckpoint,
            String teacher,
            Integer epochs,
            String flopConvention,
            String notes) {}
}
