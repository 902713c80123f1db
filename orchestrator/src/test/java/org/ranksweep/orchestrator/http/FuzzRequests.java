package org.ranksweep.orchestrator.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ranksweep.core.spec.FuzzSpecs;
import org.ranksweep.core.spec.FuzzSpecs.Generator;

/**
 * Generated parts of HTTP requests for {@link ApiFuzzTest}, each a function of a seeded {@link Random}: methods,
 * request targets built from every route of the API with nasty ids and query parameters (huge, negative, unicode,
 * percent-encoded junk, malformed escapes), content types, and bodies (none, empty, random bytes, or the spec
 * fuzzer's texts: mutants, nasty scalars, truncations, bit flips, deep nesting).
 */
final class FuzzRequests {

    /** One request to send. */
    record Request(String method, String target, String contentType, byte[] body) {

        @Override
        public String toString() {
            String head = body == null
                    ? "no body"
                    : body.length + " bytes: "
                            + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return method + " " + abbreviated(target) + " (" + contentType + ", " + head + ")";
        }

        private static String abbreviated(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
        }
    }

    /** Every route, with {@code {id}} where a generated value goes. */
    private static final List<String> ROUTES = List.of(
            "/api/v1/sweeps",
            "/api/v1/sweeps/{id}",
            "/api/v1/sweeps/{id}/trials",
            "/api/v1/sweeps/{id}/summary",
            "/api/v1/sweeps/{id}/pareto",
            "/api/v1/sweeps/{id}/cancel",
            "/api/v1/trials/{id}",
            "/api/v1/leaderboard",
            "/api/v1/leaderboard/best",
            "/api/v1/baselines",
            "/api/v1/events",
            "/api/v1/openapi.yaml",
            "/api/v1/openapi.json",
            "/api/v1/schema/sweep.json",
            "/api/v1/{id}",
            "/api/{id}",
            "/health",
            "/metrics");

    /** Values for ids and query parameters; some are sent as they are, which makes malformed targets. */
    private static final List<String> VALUES = List.of(
            "1",
            "2",
            "3",
            "0",
            "-1",
            "-0",
            "01",
            "+1",
            "1e3",
            "1.5",
            "2147483648",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "1180591620717411303424",
            "NaN",
            "null",
            "true",
            "",
            " ",
            "abc",
            "\u202Eevil",
            "\uD83D\uDE00",
            "e\u0301",
            "\u05D0",
            "\u0000",
            "%",
            "%zz",
            "%00",
            "%C0%AF",
            "%ED%A0%80",
            "%FF%FE",
            "..%2F..%2Fetc%2Fpasswd",
            "../../etc/passwd",
            "a/b",
            "a;b",
            "a?b",
            "a#b",
            "dense",
            "comcat",
            "fashion-mnist",
            "vit-tiny-fmnist",
            "queued",
            "completed",
            "top1",
            "params",
            "asc",
            "desc",
            "x".repeat(5000));

    private static final List<String> PARAMETERS = List.of(
            "limit", "offset", "sort", "order", "state", "method", "dataset", "model", "sweep", "rerun", "filter",
            "unknown");

    private static final List<String> METHODS = List.of(
            "GET",
            "GET",
            "GET",
            "GET",
            "GET",
            "GET",
            "POST",
            "POST",
            "PUT",
            "DELETE",
            "PATCH",
            "HEAD",
            "OPTIONS",
            "TRACE",
            "PROPFIND");

    private static final List<String> CONTENT_TYPES = Arrays.asList(
            null,
            "application/yaml",
            "application/json",
            "text/yaml; charset=utf-8",
            "text/plain",
            "application/octet-stream",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=fuzz",
            "multipart/form-data",
            "application/problem+json",
            "garbage",
            ";;;",
            "application/json; charset=utf-16");

    private FuzzRequests() {}

    /** Any method, target, content type and body. */
    static Generator<Request> anyRequest() {
        Generator<String> targets = targets();
        Generator<byte[]> bodies = bodies();
        return random -> new Request(
                pick(random, METHODS), targets.next(random), pick(random, CONTENT_TYPES), bodies.next(random));
    }

    /** A POST of a generated spec body to {@code /api/v1/sweeps}, sometimes with {@code ?rerun=true}. */
    static Generator<Request> submissions() {
        Generator<byte[]> bodies = specBodies();
        return random -> new Request(
                "POST",
                "/api/v1/sweeps" + (random.nextBoolean() ? "?rerun=true" : ""),
                pick(random, CONTENT_TYPES),
                bodies.next(random));
    }

    /** A route with a generated id and zero to three query parameters, each value encoded or raw. */
    static Generator<String> targets() {
        return random -> {
            String path = pick(random, ROUTES).replace("{id}", value(random));
            List<String> parameters = new ArrayList<>();
            for (int count = random.nextInt(4); count > 0; count--) {
                parameters.add(pick(random, PARAMETERS) + "=" + value(random));
            }
            return parameters.isEmpty() ? path : path + "?" + String.join("&", parameters);
        };
    }

    /** A value, percent-encoded as a client should or, when it can go into a request line, sent raw. */
    private static String value(Random random) {
        String value = pick(random, VALUES);
        return random.nextBoolean() || !printableAscii(value)
                ? URLEncoder.encode(value, StandardCharsets.UTF_8)
                : value;
    }

    /** Only such text can go raw into a request line; the client refuses anything else before sending. */
    private static boolean printableAscii(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** No body, an empty one, random bytes or a spec body. */
    static Generator<byte[]> bodies() {
        Generator<byte[]> specs = specBodies();
        return random -> switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> randomBytes(random, 200);
            default -> specs.next(random);
        };
    }

    /** The spec fuzzer's texts (valid, mutated, truncated, nested, ...), its bit-flipped bytes, or random bytes. */
    static Generator<byte[]> specBodies() {
        Generator<String> texts = FuzzSpecs.anyText();
        Generator<byte[]> flips = FuzzSpecs.bitFlips();
        return random -> switch (random.nextInt(6)) {
            case 0 -> flips.next(random);
            case 1 -> randomBytes(random, 2000);
            default -> texts.next(random).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
