/** The shared JSON mapping. */
package org.ranksweep.core.json;
