package org.ranksweep.core.spec;

/** What one trial needs from a worker: {@code device} cpu or gpu, and how many GPUs. */
public record ResourceSpec(String device, int gpus) {
}
