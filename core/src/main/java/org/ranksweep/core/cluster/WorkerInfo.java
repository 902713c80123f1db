package org.ranksweep.core.cluster;

/**
 * What a worker advertises about itself. Immutable; crosses the cluster as JSON.
 *
 * @param workerId     unique id (host + process + index)
 * @param host         host name
 * @param device       {@code cpu} or {@code gpu}
 * @param deviceCount  GPUs on the worker (0 for cpu)
 * @param slots        trials it runs at once
 * @param memoryBytes  maximum JVM heap
 * @param engine       compute engine and flavour, e.g. {@code pytorch-cpu}
 */
public record WorkerInfo(
        String workerId, String host, String device, int deviceCount, int slots, long memoryBytes, String engine) {}
