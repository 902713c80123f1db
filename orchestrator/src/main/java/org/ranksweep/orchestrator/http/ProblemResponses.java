package org.ranksweep.orchestrator.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.LimitExceededException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the API: maps exception types to status codes and writes
 * {@code application/problem+json} (RFC 9457). Invalid input is a {@link ValidationException} (400), a limit a
 * client reached a {@link LimitExceededException} (429 with {@code Retry-After}); any other
 * unchecked exception is a bug of ours and answers 500, logged, never with a stack trace or SQL text.
 */
final class ProblemResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    /** When a client over a limit may try again: a sweep or a stream may well have ended by then. */
    static final int RETRY_AFTER_SECONDS = 30;

    private ProblemResponses() {}

    static void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        int status = statusOf(context.statusCode(), failure);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail(status, failure));
        if (failure instanceof ValidationException validation) {
            problem.put(
                    "problems",
                    validation.problems().stream()
                            .map(p -> Map.of("path", p.path(), "message", p.message()))
                            .toList());
        }
        if (status == 429) {
            context.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (status >= 500) {
            LOG.error(
                    "request {} {} failed",
                    context.request().method(),
                    context.request().path(),
                    failure);
        }
        write(context.response(), status, problem);
    }

    /**
     * Answers a request the HTTP codec could not read (a too long request line or header, a malformed request) with
     * a problem document instead of Vert.x's empty default, then closes the connection as that default does.
     */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String reason = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        int status = reason.startsWith("An HTTP line is larger than")
                ? 414
                : reason.startsWith("HTTP header is larger than") ? 431 : 400;
        request.response().putHeader("Connection", "close");
        request.response().endHandler(ended -> request.connection().close());
        write(request.response(), status, problem(status, "the request could not be read: " + title(status), null));
    }

    static void write(HttpServerResponse response, int status, Map<String, Object> problem) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(Json.write(problem));
    }

    static Map<String, Object> problem(int status, String detail, List<Map<String, String>> problems) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (problems != null) {
            problem.put("problems", problems);
        }
        return problem;
    }

    private static int statusOf(int contextStatus, Throwable failure) {
        if (failure instanceof ValidationException) {
            return 400;
        }
        if (failure instanceof NotFoundException) {
            return 404;
        }
        if (failure instanceof ConflictException) {
            return 409;
        }
        if (failure instanceof LimitExceededException) {
            return 429;
        }
        if (failure instanceof RankSweepException) {
            return 422;
        }
        return contextStatus > 0 ? contextStatus : 500;
    }

    private static String detail(int status, Throwable failure) {
        if (status == 413) {
            return "request body exceeds the size limit of " + ApiServer.BODY_LIMIT_BYTES + " bytes";
        }
        if (status == 404 && !(failure instanceof NotFoundException)) {
            return "no such resource";
        }
        if (status >= 500 || failure == null) {
            return status >= 500 ? "internal error; the orchestrator log has the details" : title(status);
        }
        // Some failures carry no message (e.g. Netty's form decoder); the title then says what we know.
        return failure.getMessage() == null ? title(status) : failure.getMessage();
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 431 -> "Request Header Fields Too Large";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
