/**
 * Asynchronous successive halving (ASHA) and asynchronous Hyperband as pure, deterministic, replayable state
 * machines over trial reports; single- or multi-objective rung ranking. Not yet used by the scheduler.
 */
package org.ranksweep.core.asha;
