/** Pure-Java (EJML) factorization of attention weights: COMCAT head-level SVD, matrix SVD and head pruning. */
package org.ranksweep.worker.compress;
