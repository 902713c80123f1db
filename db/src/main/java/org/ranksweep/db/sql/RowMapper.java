package org.ranksweep.db.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the current row of a result set into a value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface RowMapper<T> {

    T map(ResultSet row) throws SQLException;
}
