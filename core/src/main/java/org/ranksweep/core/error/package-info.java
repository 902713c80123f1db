/** The exception hierarchy shared by every module. */
package org.ranksweep.core.error;
