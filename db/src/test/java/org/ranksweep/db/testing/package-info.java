/** Test fixtures other modules reuse through the db test-jar: a real PostgreSQL per test class, sample trials. */
package org.ranksweep.db.testing;
