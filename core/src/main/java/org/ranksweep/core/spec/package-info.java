/** The sweep specification: records, YAML parsing and validation. */
package org.ranksweep.core.spec;
