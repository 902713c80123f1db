/** Diagnostics of trained models: how much of each attention head's rank its weights actually use. */
package org.ranksweep.worker.diagnostics;
