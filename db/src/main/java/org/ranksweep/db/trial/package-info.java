/** Trials, their attempts, metrics and results: the state machine's storage with idempotent result recording. */
package org.ranksweep.db.trial;
