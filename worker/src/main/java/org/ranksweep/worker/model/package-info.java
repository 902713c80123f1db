/** The pre-LayerNorm Vision Transformer built from DJL blocks, in dense and compressed forms. */
package org.ranksweep.worker.model;
