/** The customization track's shared vocabulary: its methods, a trial's customization point and its result. */
package org.ranksweep.core.customize;
