/** Small JDBC helpers shared by the repositories: nullable columns, timestamps, JSON columns and row mapping. */
package org.ranksweep.db.sql;
