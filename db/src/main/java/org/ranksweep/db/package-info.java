/** Opening the PostgreSQL database (pool and Flyway migrations) and running work in transactions. */
package org.ranksweep.db;
