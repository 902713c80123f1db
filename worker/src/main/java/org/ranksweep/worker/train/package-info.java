/** Training loops: AdamW with a cosine schedule, hard distillation, and the cached dense base model. */
package org.ranksweep.worker.train;
