/** The HTTP API: routes, problem+json errors, server-sent events, metrics. */
package org.ranksweep.orchestrator.http;
