/** Parameter and MAC formulas of dense and compressed ViTs, compression plans, and budget-to-rank allocation. */
package org.ranksweep.core.cost;
