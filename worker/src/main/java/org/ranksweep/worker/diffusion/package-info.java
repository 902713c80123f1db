/**
 * The customization track: a small text-conditioned diffusion transformer (text encoder, DiT-style denoiser with
 * self- and cross-attention), its noise schedule and DDIM sampler, and the four ways of teaching it a new concept
 * (full fine-tuning, Custom Diffusion, LoRA and COMCAT's per-head low-rank adapters).
 */
package org.ranksweep.worker.diffusion;
