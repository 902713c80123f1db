/** The leaderboard query: trials with their results, filtered by dataset, model, method or sweep. */
package org.ranksweep.db.leaderboard;
