package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.spec.FuzzCorpus.Outcome;

/**
 * Replays the nasty spec texts found by fuzzing ({@code src/test/resources/fuzz-corpus}); each file's name starts
 * with its expected outcome: {@code accepted--} or {@code rejected--}.
 */
class SpecFuzzCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/fuzz-corpus");

    private final SpecParser parser = new SpecParser();

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void replaysWithItsRecordedOutcome(String fileName) throws IOException {
        String text = Files.readString(CORPUS.resolve(fileName));
        Outcome outcome = FuzzCorpus.assertParsesOrRefuses(parser, text);
        Outcome expected = expected(fileName);
        assertThat(outcome).as(fileName).isEqualTo(expected);
    }

    static Outcome expected(String fileName) {
        return Outcome.valueOf(fileName.substring(0, fileName.indexOf("--"))
                .toUpperCase(Locale.ROOT)
                .replace('-', '_'));
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }
}
