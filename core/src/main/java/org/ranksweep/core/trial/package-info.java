/** Sweeps, trials, their states, configurations, metrics and results. */
package org.ranksweep.core.trial;
