/** Published baseline results (pruning and compression papers) with their citations. */
package org.ranksweep.db.baseline;
