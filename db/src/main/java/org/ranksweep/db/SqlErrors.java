package org.ranksweep.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;

/**
 * What RankSweep knows about PostgreSQL's errors, in one place: {@link #translate} turns them into RankSweep
 * exceptions whose message names the constraint and the value; {@link #isTransient} tells failures worth retrying
 * (the database is unreachable or restarting) from real errors. Stateless.
 */
public final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String CHECK_VIOLATION = "23514";
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String INVALID_TEXT = "22P02";
    /** Connection exceptions (08xxx) and operator intervention such as a shutdown or restart (57Pxx). */
    private static final List<String> TRANSIENT_CLASSES = List.of("08", "57P");

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

    /** Whether {@code failure} or one of its causes says the database is unreachable or restarting. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && TRANSIENT_CLASSES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
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
