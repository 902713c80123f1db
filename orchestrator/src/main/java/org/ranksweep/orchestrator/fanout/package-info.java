/** Fan-out of persisted changes to live listeners (SSE, CLI progress). */
package org.ranksweep.orchestrator.fanout;
