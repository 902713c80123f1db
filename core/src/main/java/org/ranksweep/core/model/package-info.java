/** Named Vision Transformer architectures and their shapes. */
package org.ranksweep.core.model;
