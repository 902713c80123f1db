/** Deterministic expansion of a validated sweep spec into trials, and their content hashes. */
package org.ranksweep.core.plan;
