/** Names and values shared by every member of the Hazelcast cluster. */
package org.ranksweep.core.cluster;
