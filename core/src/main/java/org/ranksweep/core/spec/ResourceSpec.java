package org.ranksweep.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one trial needs from a worker: {@code device} cpu or gpu, and how many GPUs.
 *
 * @param oomRetryHalfBatch when a trial runs out of memory, retry it at half the fine-tuning batch size (down to 1)
 *                          instead of failing it; left out of the JSON when false, so trials without it keep their
 *                          content hashes
 */
public record ResourceSpec(
        String device,
        int gpus,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean oomRetryHalfBatch) {

    public ResourceSpec(String device, int gpus) {
        this(device, gpus, false);
    }
}
