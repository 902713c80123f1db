/** The Hazelcast worker loop: claim trials, hold leases by heartbeat, report events. */
package org.ranksweep.worker.cluster;
