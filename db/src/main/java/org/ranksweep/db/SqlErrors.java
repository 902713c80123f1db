package org.ranksweep.db;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;

/** Turns PostgreSQL errors into RankSweep exceptions whose message names the constraint and the value. */
final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String CHECK_VIOLATION = "23514";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String INVALID_TEXT = "22P02";

    private SqlErrors() {}

    static RankSweepException translate(SQLException exception) {
        String state = sqlState(exception);
        String constraint = constraint(exception);
        String detail = detail(exception);
        switch (state) {
            case UNIQUE_VIOLATION:
                return new ConflictException("already stored (" + constraint + "): " + detail);
            case FOREIGN_KEY_VIOLATION:
                return new NotFoundException("referenced row missing (" + constraint + "): " + detail);
            case CHECK_VIOLATION:
            case NOT_NULL_VIOLATION:
            case INVALID_TEXT:
                return ValidationException.of(constraint, detail);
            default:
                return new RankSweepException(
                        "database error (SQLState " + state + "): " + exception.getMessage(), exception);
        }
    }

    private static String sqlState(SQLException exception) {
        for (SQLException current = exception; current != null; current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
        }
        return "";
    }

    private static String constraint(SQLException exception) {
        ServerErrorMessage message = serverMessage(exception);
        if (message == null) {
            return "";
        }
        if (message.getConstraint() != null) {
            return message.getConstraint();
        }
        return message.getColumn() == null ? "" : message.getTable() + "." + message.getColumn();
    }

    private static String detail(SQLException exception) {
        ServerErrorMessage message = serverMessage(exception);
        if (message == null) {
            return exception.getMessage();
        }
        return message.getDetail() == null ? message.getMessage() : message.getDetail();
    }

    private static ServerErrorMessage serverMessage(SQLException exception) {
        // Batches report the server's error as the next exception of a BatchUpdateException.
        for (SQLException current = exception; current != null; current = current.getNextException()) {
            for (Throwable cause = current; cause != null; cause = cause.getCause()) {
                if (cause instanceof PSQLException) {
                    return ((PSQLException) cause).getServerErrorMessage();
                }
            }
        }
        return null;
    }
}
