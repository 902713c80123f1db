/** The embedded PostgreSQL server (real binaries from Maven Central) that RankSweep uses when no URL is given. */
package org.ranksweep.db.embedded;
