package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.json.Json;
import org.ranksweep.orchestrator.http.RawHttp.Answer;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * Replays the requests found by fuzzing ({@code src/test/resources/fuzz-corpus}) against a real orchestrator, each
 * with its recorded status: the lines of {@code requests.txt}, and spec bodies POSTed to {@code /api/v1/sweeps}
 * whose file names read {@code <status>--<content type>--<case>}. The spec parser's own corpus is in the core
 * module ({@code SpecFuzzCorpusTest}).
 */
class ApiFuzzCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/fuzz-corpus");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "yaml", "application/yaml",
            "json", "application/json",
            "octet", "application/octet-stream",
            "form", "application/x-www-form-urlencoded");

    private static RunningOrchestrator running;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        running = RunningOrchestrator.start("api-fuzz-corpus", 5925, database -> {});
        http = new RawHttp(running.base());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestIsAnsweredWithItsRecordedStatus(String line) {
        String[] parts = line.split(" ");
        String contentType = parts[3].equals("-") ? null : parts[3];
        Answer answer = http.send(parts[1], parts[2], contentType, parts[1].equals("POST") ? new byte[0] : null);
        assertAnswer(answer, Integer.parseInt(parts[0]), line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodyIsAnsweredWithItsRecordedStatus(String fileName) throws IOException {
        String[] parts = fileName.split("--");
        byte[] body = Files.readAllBytes(CORPUS.resolve(fileName));
        Answer answer = http.send("POST", "/api/v1/sweeps", CONTENT_TYPES.get(parts[1]), body);
        assertAnswer(answer, Integer.parseInt(parts[0]), fileName);
    }

    private static void assertAnswer(Answer answer, int expected, String what) {
        assertThat(answer.status()).as("%s: %s", what, answer.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            JsonNode problem = Json.read(answer.body(), JsonNode.class);
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(expected);
            assertThat(problem.path("detail").asText()).as(what).isNotBlank().isNotEqualTo("null");
        }
    }

    static Stream<String> requests() throws IOException {
        return Files.readAllLines(CORPUS.resolve("requests.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"));
    }

    static Stream<String> bodies() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files
                    .map(file -> file.getFileName().toString())
                    .filter(name -> name.contains("--"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }
}
