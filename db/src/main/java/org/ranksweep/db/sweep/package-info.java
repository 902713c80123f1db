/** Storing sweeps together with their expanded trials, and reading their state and progress. */
package org.ranksweep.db.sweep;
