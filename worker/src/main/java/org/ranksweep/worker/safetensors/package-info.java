/** The safetensors file format (Hugging Face): a length-prefixed JSON header, then raw little-endian tensor bytes. */
package org.ranksweep.worker.safetensors;
