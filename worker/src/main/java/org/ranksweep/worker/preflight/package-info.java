/** Checks, before any trial is queued, that a sweep's data, model files and engine are there to run it. */
package org.ranksweep.worker.preflight;
