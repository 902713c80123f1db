package org.ranksweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.trial.TrialPageQuery;
import org.ranksweep.db.trial.TrialSort;
import org.ranksweep.orchestrator.report.Reports;

/**
 * Reads path and query parameters; a malformed value becomes a {@link ValidationException} naming the parameter,
 * which the failure handler turns into a 400 problem. Stateless.
 */
final class QueryParams {

    static final int MAX_PAGE = 10_000;

    private QueryParams() {}

    static SweepId sweepId(RoutingContext context) {
        return new SweepId(longParam(context.pathParam("id"), "sweep id"));
    }

    static TrialId trialId(RoutingContext context) {
        return new TrialId(longParam(context.pathParam("id"), "trial id"));
    }

    static SweepId optionalSweep(RoutingContext context) {
        String value = context.queryParams().get("sweep");
        return value == null || value.isBlank() ? null : new SweepId(longParam(value, "sweep"));
    }

    /** A query parameter, null when absent or blank. */
    static String text(RoutingContext context, String name) {
        String value = context.queryParams().get(name);
        return value == null || value.isBlank() ? null : value;
    }

    static int intParam(RoutingContext context, String name, int fallback) {
        String value = context.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        long parsed = longParam(value, name);
        if (parsed < 0 || parsed > MAX_PAGE) {
            throw ValidationException.of(name, "must be between 0 and " + MAX_PAGE + ", was " + parsed);
        }
        return (int) parsed;
    }

    /**
     * {@code limit}, {@code offset}, {@code sort} (a {@link TrialSort} name, any case), {@code order}
     * ({@code asc}|{@code desc}), {@code filter} (text in label, method or state) and {@code state}. Without a
     * limit every trial is returned, as before paging existed.
     */
    static TrialPageQuery trialPage(RoutingContext context) {
        int limit = intParam(context, "limit", Reports.MAX_ROWS);
        if (context.queryParams().get("limit") != null && limit < 1) {
            throw ValidationException.of("limit", "must be at least 1, was " + limit);
        }
        return new TrialPageQuery(
                sweepId(context),
                text(context, "filter"),
                state(text(context, "state")),
                sort(text(context, "sort")),
                descending(text(context, "order")),
                Math.max(limit, 1),
                intParam(context, "offset", 0));
    }

    private static TrialSort sort(String value) {
        if (value == null) {
            return TrialSort.INDEX;
        }
        try {
            return TrialSort.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("sort", "'" + value + "' is not one of " + names(TrialSort.values()));
        }
    }

    private static TrialState state(String value) {
        if (value == null) {
            return null;
        }
        try {
            return TrialState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("state", "'" + value + "' is not one of " + names(TrialState.values()));
        }
    }

    private static boolean descending(String value) {
        if (value == null || value.equalsIgnoreCase("asc")) {
            return false;
        }
        if (value.equalsIgnoreCase("desc")) {
            return true;
        }
        throw ValidationException.of("order", "'" + value + "' is not asc or desc");
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    static long longParam(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ValidationException.of(name, "'" + value + "' is not a number");
        }
    }
}
