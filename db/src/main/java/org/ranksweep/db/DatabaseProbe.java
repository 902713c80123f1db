package org.ranksweep.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Asks a PostgreSQL server who it is over one plain connection: no pool and no migration, so a check leaves the
 * database as it found it. Stateless.
 */
public final class DatabaseProbe {

    private DatabaseProbe() {}

    /**
     * The server's version ({@code SHOW server_version}).
     *
     * @throws org.ranksweep.core.error.RankSweepException when the server cannot be reached or refuses the login
     */
    public static String serverVersion(DatabaseConfig config) {
        try (Connection connection = DriverManager.getConnection(config.url(), config.user(), config.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW server_version")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }
}
