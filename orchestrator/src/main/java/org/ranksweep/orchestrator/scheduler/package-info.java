/** Scheduling: the trial queue, leases, the trial state machine driven by worker events. */
package org.ranksweep.orchestrator.scheduler;
