package org.ranksweep.core.cluster;

/**
 * Names of every Hazelcast structure and Vert.x event-bus address RankSweep uses, in one place so orchestrator
 * and workers cannot drift apart.
 */
public final class ClusterNames {

    /**
     * Prefix of the IQueues of {@link org.ranksweep.core.event.AssignTrial} JSON, one per device class, so a
     * GPU trial is only ever taken by a GPU worker: see {@link #trialQueue(String)}.
     */
    public static final String TRIAL_QUEUE = "ranksweep.trials";
    /** IQueue of {@link org.ranksweep.core.event.TrialEvent} JSON: what workers report; the orchestrator drains it. */
    public static final String EVENT_QUEUE = "ranksweep.events";
    /** IMap trialId → {@link Lease} JSON: who runs which attempt, until when. */
    public static final String LEASE_MAP = "ranksweep.leases";
    /** IMap trialId → reason: attempts the orchestrator wants stopped (cancelled sweeps). */
    public static final String CANCEL_MAP = "ranksweep.cancellations";
    /** IMap workerId → {@link WorkerInfo} JSON: live workers and their capabilities. */
    public static final String WORKER_MAP = "ranksweep.workers";
    /** Vert.x event-bus address the orchestrator publishes dashboard events on (local consumers, SSE). */
    public static final String FANOUT_ADDRESS = "ranksweep.fanout";

    private ClusterNames() {}

    /** The queue of trials that need {@code device} ({@code cpu} or {@code gpu}). */
    public static String trialQueue(String device) {
        return TRIAL_QUEUE + "." + device;
    }
}
