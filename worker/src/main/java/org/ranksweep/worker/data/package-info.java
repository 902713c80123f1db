/** Image datasets (Fashion-MNIST from IDX files, a synthetic set) with deterministic splits and batching. */
package org.ranksweep.worker.data;
