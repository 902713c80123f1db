/** Read-side views: sweeps with ETA, paged trial tables, the leaderboard with Δ vs dense, Pareto fronts, baselines. */
package org.ranksweep.orchestrator.report;
