package org.ranksweep.db;

import java.sql.SQLException;

/**
 * A function that may throw {@link SQLException}; {@link Database} translates the exception for the caller.
 *
 * @param <I> input, usually a {@link java.sql.Connection}
 * @param <O> result
 */
@FunctionalInterface
public interface SqlFunction<I, O> {

    O apply(I input) throws SQLException;
}
