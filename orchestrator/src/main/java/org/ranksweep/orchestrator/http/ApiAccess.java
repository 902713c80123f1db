package org.ranksweep.orchestrator.http;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.ranksweep.core.error.ValidationException;

/**
 * Who may change state through the API. Reads are open; submit and cancel need {@code Authorization: Bearer
 * <token>} whenever a token is configured, and a token is required whenever the API listens beyond loopback.
 * Tokens are compared in constant time and never logged. Thread-safe.
 */
public final class ApiAccess {

    private final byte[] token;

    private ApiAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Access rules for an API bound to {@code host}.
     *
     * @throws ValidationException when {@code host} is not loopback and no token is configured
     */
    public static ApiAccess forBinding(String host, String token) {
        String configured = token == null || token.isBlank() ? null : token.strip();
        if (configured == null && !isLoopback(host)) {
            throw ValidationException.of(
                    "--api-token",
                    "required when the API listens on " + host + " (beyond loopback): set --api-token,"
                            + " --api-token-file or RANKSWEEP_API_TOKEN");
        }
        return new ApiAccess(configured);
    }

    /** Open access, for an API on loopback with no token configured. */
    public static ApiAccess open() {
        return new ApiAccess(null);
    }

    /** Route handler: passes authorised requests on, answers the rest 401 before their body is read. */
    void check(RoutingContext context) {
        if (token == null || authorised(context.request().getHeader("Authorization"))) {
            context.next();
            return;
        }
        context.response().putHeader("WWW-Authenticate", "Bearer realm=\"ranksweep\"");
        ProblemResponses.write(
                context.response(),
                401,
                ProblemResponses.problem(
                        401,
                        "this request changes state: send 'Authorization: Bearer <token>' (ranksweep submit --token)",
                        null));
    }

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
