/** Published baseline results: read from YAML files with their citations and stored idempotently. */
package org.ranksweep.orchestrator.baseline;
