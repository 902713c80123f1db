package org.ranksweep.db.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.json.Json;

/**
 * JDBC conveniences: null-aware parameters and columns, {@code timestamptz} ↔ {@link Instant} (PostgreSQL keeps
 * microseconds), and JSON columns written and read with the shared {@link Json} mapping. Stateless, thread-safe.
 */
public final class Sql {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private Sql() {}

    /** Runs a query and maps every row. */
    public static <T> List<T> list(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (rows.next()) {
                values.add(mapper.map(rows));
            }
            return values;
        }
    }

    /** Runs a query expected to return at most one row. */
    public static <T> Optional<T> optional(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
        }
    }

    public static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            // pgjdbc maps OffsetDateTime to timestamptz; it has no mapping for Instant.
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    public static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    public static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    public static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    public static Integer nullableInteger(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    public static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    /** JSON text for a {@code jsonb} parameter; bind it as {@code CAST(? AS jsonb)}. */
    public static String json(Object value) {
        return Json.write(value);
    }

    /** Reads a JSON column into a record with the shared mapping; null stays null. */
    public static <T> T fromJson(ResultSet row, String column, Class<T> type) throws SQLException {
        String text = row.getString(column);
        return text == null ? null : Json.read(text, type);
    }

    /** Reads a JSON object column into a map; null becomes an empty map. */
    public static Map<String, Object> jsonObject(ResultSet row, String column) throws SQLException {
        String text = row.getString(column);
        if (text == null) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(text, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
