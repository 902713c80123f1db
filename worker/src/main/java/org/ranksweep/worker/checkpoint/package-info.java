/** Model files exchanged with Python tools: timm DeiT checkpoints in, compressed RankSweep models out (safetensors). */
package org.ranksweep.worker.checkpoint;
