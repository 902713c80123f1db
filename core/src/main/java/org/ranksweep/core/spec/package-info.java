/** The sweep specification: its records, YAML/JSON parsing and validation with every problem reported. */
package org.ranksweep.core.spec;
