/**
 * Joining the Hazelcast cluster: settings and member start-up, the same for the orchestrator (a full member) and
 * workers (lite members). The records that cross the cluster are in {@code core.cluster}.
 */
package org.ranksweep.cluster;
