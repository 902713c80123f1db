/** Evaluation of a built model: top-1 accuracy, forward latency and a parameter count checked against the cost formulas. */
package org.ranksweep.worker.eval;
