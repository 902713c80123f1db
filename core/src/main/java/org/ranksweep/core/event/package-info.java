/** Commands and events that cross the cluster between orchestrator and workers. */
package org.ranksweep.core.event;
