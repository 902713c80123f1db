/** Joining the Hazelcast cluster: settings and member start-up. */
package org.ranksweep.orchestrator.cluster;
