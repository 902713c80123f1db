/** The orchestrator's view of the workers in the cluster: their heartbeats, stored in the workers table. */
package org.ranksweep.orchestrator.cluster;
