/**
 * The compression methods a sweep may name: one class per method, registered once in {@link Methods}, declaring its
 * spec options, how a worker executes it and the plan (ranks, kept heads, costs) it builds.
 */
package org.ranksweep.core.method;
