/** Test support: a running orchestrator over real PostgreSQL and Hazelcast, fast trial seeding, a headless browser. */
package org.ranksweep.orchestrator.testing;
