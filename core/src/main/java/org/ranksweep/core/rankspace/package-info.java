/**
 * Per-layer rank vectors of head-level plans sampled inside a parameter budget: enumeration, sample-and-repair and
 * spectrum warm starts. Not yet used by the scheduler.
 */
package org.ranksweep.core.rankspace;
