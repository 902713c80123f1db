package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/** Mutating requests need the configured bearer token; without it nothing is stored. */
class ApiAccessTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private static final String SPEC = """
            name: access
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods: [{name: dense}]
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningOrchestrator running;
    private static URI base;

    @BeforeAll
    static void start() {
        running =
                RunningOrchestrator.start("api-access", 5971, database -> {}, ApiAccess.forBinding("127.0.0.1", TOKEN));
        base = running.base();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void submitWithoutOrWithAWrongTokenIsUnauthorisedAndStoresNothing() throws Exception {
        JdbcSweepRepository sweeps = new JdbcSweepRepository(running.database());
        int before = sweeps.list(1000, 0).size();
        assertThat(submit(null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = submit("Bearer not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(wrong.body()).doesNotContain(TOKEN);
        // Compared with what was there before, so the other tests' order does not matter.
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void submitWithTheTokenIsAcceptedAndReadsNeedNoToken() throws Exception {
        assertThat(submit("Bearer " + TOKEN).statusCode()).isEqualTo(201);
        HttpResponse<String> list = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/v1/sweeps")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> ApiAccess.forBinding("0.0.0.0", null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("--api-token");
        assertThat(ApiAccess.forBinding("0.0.0.0", "t")).isNotNull();
        assertThat(ApiAccess.forBinding("localhost", null)).isNotNull();
    }

    private static HttpResponse<String> submit(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/sweeps"))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(SPEC));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
