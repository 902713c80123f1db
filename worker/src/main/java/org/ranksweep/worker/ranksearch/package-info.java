/** COMCAT's automatic rank selection: a soft singular-value-mask supernet searched by Gumbel-softmax gates. */
package org.ranksweep.worker.ranksearch;
