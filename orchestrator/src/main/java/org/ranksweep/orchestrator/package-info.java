/** The control plane: HTTP API, scheduler, leases, event fan-out, reports. */
package org.ranksweep.orchestrator;
