/**
 * Per-layer rank vectors of head-level plans sampled inside a parameter budget: enumeration, sample-and-repair and
 * spectrum warm starts; the planner draws the points of a spec's per-layer rank candidates with it.
 */
package org.ranksweep.core.rankspace;
