/** Registered compute workers and their heartbeats, as last seen by the orchestrator. */
package org.ranksweep.db.worker;
