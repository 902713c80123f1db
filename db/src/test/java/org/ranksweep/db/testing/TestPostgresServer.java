package org.ranksweep.db.testing;

import org.ranksweep.db.DatabaseConfig;

/** A running PostgreSQL server that test databases are created on. */
interface TestPostgresServer {

    /** What kind of server this is, for the log. */
    String description();

    /** Settings for a database on this server as a user allowed to create databases. */
    DatabaseConfig config(String databaseName);

    /** The maintenance database to run CREATE/DROP DATABASE from. */
    String maintenanceDatabase();
}
