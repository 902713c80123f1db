/** Read-side views: sweeps, trials, leaderboard with Δ vs dense, baselines. */
package org.ranksweep.orchestrator.report;
