/** Runs one trial end to end: data, base model, compression, fine-tuning, evaluation and artifacts. */
package org.ranksweep.worker.run;
