/** The trial lifecycle as one pure function: a trial's snapshot and an event in, the next snapshot and effects out. */
package org.ranksweep.core.lifecycle;
