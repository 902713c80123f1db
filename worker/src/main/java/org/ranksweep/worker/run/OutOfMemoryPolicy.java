package org.ranksweep.worker.run;

import java.util.Locale;
import java.util.Optional;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.trial.TrialConfig;

/**
 * What a trial does when it runs out of memory: the JVM's {@link OutOfMemoryError}, or the engine's own report
 * (PyTorch says "CUDA out of memory" or "not enough memory" in an engine exception). With
 * {@code resources.oomRetryHalfBatch} the trial is run again at half its fine-tuning batch, down to 1, with every
 * other setting (rank search included) unchanged; otherwise it fails with the reason. Thread-safe (stateless).
 */
final class OutOfMemoryPolicy {

    private OutOfMemoryPolicy() {}

    /** Whether {@code failure} or one of its causes says memory ran out. */
    static boolean isOutOfMemory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
            String message =
                    cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("out of memory") || message.contains("not enough memory")) {
                return true;
            }
        }
        return false;
    }

    /** The configuration to retry with, at half the fine-tuning batch; empty when the spec does not allow it. */
    static Optional<TrialConfig> halfBatch(TrialConfig config) {
        ResourceSpec resources = config.resources();
        FinetuneSpec finetune = config.finetune();
        if (resources == null || !resources.oomRetryHalfBatch() || finetune == null || finetune.batch() <= 1) {
            return Optional.empty();
        }
        return Optional.of(config.withFinetune(finetune.withBatch(finetune.batch() / 2)));
    }

    /** The readable reason a trial that ran out of memory fails with. */
    static String reason(TrialConfig config, Throwable failure) {
        String batch = config.finetune() == null
                ? ""
                : " at fine-tuning batch " + config.finetune().batch();
        boolean allowed = config.resources() != null && config.resources().oomRetryHalfBatch();
        String why = allowed
                ? " (no smaller batch to retry with)"
                : " (set resources.oomRetryHalfBatch to retry" + " at half the batch)";
        return "out of memory" + batch + why + ": " + Failures.describe(failure);
    }
}
