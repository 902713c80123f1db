/** The ranksweep command line: composition roots of the local run, orchestrator and worker processes. */
package org.ranksweep.cli;
