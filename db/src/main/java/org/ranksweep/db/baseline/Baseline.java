package org.ranksweep.db.baseline;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;

/**
 * One published result to compare against. {@code citation}, {@code model}, {@code dataset}, {@code method} and
 * {@code params} identify it: loading the same entry again updates it in place. Immutable.
 *
 * @param model            architecture, e.g. {@code deit-small}
 * @param dataset          e.g. {@code imagenet-1k}
 * @param method           e.g. {@code vit-slim}
 * @param params           total parameters; null when the paper does not say
 * @param macs             multiply-accumulates per image; see {@code flopConvention}
 * @param top1             top-1 accuracy as a fraction in [0, 1]
 * @param citation         where the number comes from (paper and table)
 * @param sourceCheckpoint the dense checkpoint the method started from
 * @param teacher          distillation teacher, if any
 * @param epochs           fine-tuning epochs
 * @param flopConvention   how the paper counted, e.g. {@code "FLOPs = MACs"}
 * @param notes            anything else a reader needs to compare fairly
 */
public record Baseline(
        String model,
        String dataset,
        String method,
        Long params,
        Long macs,
        Double top1,
        String citation,
        String sourceCheckpoint,
        String teacher,
        Integer epochs,
        String flopConvention,
        String notes) {

    public Baseline {
        List<Problem> problems = new ArrayList<>();
        requireText(problems, "model", model);
        requireText(problems, "dataset", dataset);
        requireText(problems, "method", method);
        requireText(problems, "citation", citation);
        if (top1 != null && !(top1 >= 0 && top1 <= 1)) {
            problems.add(new Problem("top1", "must be a fraction in [0, 1], was " + top1));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static void requireText(List<Problem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(field, "must not be empty"));
        }
    }
}
