package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;

/** A small client of the orchestrator's HTTP API; problem+json answers become exceptions naming the problem. */
final class ApiClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;
    private final String token;

    ApiClient(String server, String token) {
        this.server = URI.create(server.endsWith("/") ? server : server + "/");
        this.token = token;
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    /** The answer to a GET read as {@code type}, e.g. a {@code SweepView}. */
    <T> T get(String path, Class<T> type) {
        return Json.mapper().convertValue(get(path), type);
    }

    /** The answer to a GET, a JSON array, read as a list of {@code type}. */
    <T> List<T> getList(String path, Class<T> type) {
        return Json.mapper()
                .convertValue(get(path), Json.mapper().getTypeFactory().constructCollectionType(List.class, type));
    }

    JsonNode post(String path, String contentType, String body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new RankSweepException("cannot reach the orchestrator at " + server + " (is it running?)");
        } catch (IOException e) {
            throw new RankSweepException("request to " + request.uri() + " failed: " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RankSweepException("interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), body);
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            throw new RankSweepException("the orchestrator answered with something that is not JSON: " + text);
        }
    }

    private static RankSweepException problem(int status, JsonNode body) {
        String detail = body.path("detail").asText("HTTP " + status);
        if (status == 400 && body.has("problems")) {
            List<ValidationException.Problem> problems = new ArrayList<>();
            body.get("problems")
                    .forEach(p -> problems.add(new ValidationException.Problem(
                            p.path("path").asText(), p.path("message").asText())));
            return new ValidationException(problems);
        }
        if (status == 404) {
            return new NotFoundException(detail);
        }
        return new RankSweepException("HTTP " + status + ": " + detail);
    }
}
