package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.FuzzSpecs.Generator;

/**
 * Fuzzing of {@link SpecParser} with generated texts ({@link FuzzSpecs}), 10,000 and more per run: whatever the text,
 * parsing returns a spec or throws a {@link ValidationException} (a {@link NotFoundException} for a missing file)
 * whose every problem has a path and a real message — never another exception, never a stack overflow. Each test
 * draws from {@code new Random(seed)}, the seed fixed ({@value #DEFAULT_SEED}) unless {@code -Dranksweep.fuzz.seed}
 * names another, so a failure names its seed and case number and replays exactly.
 */
class SpecParserFuzzTest {

    private static final long DEFAULT_SEED = 20261206L;
    private static final long SEED = Long.getLong("ranksweep.fuzz.seed", DEFAULT_SEED);

    private final SpecParser parser = new SpecParser();

    @Test
    void anyTextParsesOrIsRefusedWithProblems() {
        fuzz("any text", 3000, FuzzSpecs.anyText(), this::check);
    }

    @Test
    void everyMutantParsesOrIsRefusedWithProblems() {
        fuzz("mutant", 2000, FuzzSpecs.mutants(), this::check);
    }

    @Test
    void everyNastyScalarParsesOrIsRefusedWithProblems() {
        fuzz("nasty scalar", 2000, FuzzSpecs.nastyScalars(), this::check);
    }

    @Test
    void everyRepeatedLineParsesOrIsRefusedWithProblems() {
        fuzz("repeated line", 400, FuzzSpecs.duplicateKeys(), this::check);
    }

    @Test
    void aRepeatedTopLevelKeyIsRefused() {
        for (String text : FuzzSpecs.validTexts()) {
            String key = text.lines()
                    .filter(line -> line.matches("[A-Za-z]\\w*:.*"))
                    .findFirst()
                    .orElseThrow();
            assertThat(check(text + (text.endsWith("\n") ? "" : "\n") + key + "\n"))
                    .as("%s repeated", key)
                    .isEqualTo(FuzzCorpus.Outcome.REJECTED);
        }
    }

    @Test
    void everyTruncationParsesOrIsRefusedWithProblems() {
        fuzz("truncation", 2000, FuzzSpecs.truncations(), this::check);
    }

    @Test
    void everyBitFlippedFileParsesOrIsRefusedWithProblems() throws IOException {
        Path file = Files.createTempFile(Path.of("target"), "fuzz-spec", ".yaml");
        try {
            fuzz("bit-flipped file", 600, FuzzSpecs.bitFlips(), bytes -> {
                try {
                    Files.write(file, bytes);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                FuzzCorpus.assertOutcome(() -> parser.parse(file));
            });
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void everyStructuralTextParsesOrIsRefusedWithProblems() {
        int index = 0;
        for (String text : FuzzSpecs.structural()) {
            replayable("structural text", index++, text, () -> check(text));
        }
    }

    @Test
    void theValidTextsTheGeneratorsStartFromParse() {
        assertThat(FuzzSpecs.validTexts()).hasSizeGreaterThan(5);
        for (String text : FuzzSpecs.validTexts()) {
            assertThat(parser.parse(text, "valid text")).isNotNull();
        }
    }

    private FuzzCorpus.Outcome check(String text) {
        return FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    private static <T> void fuzz(String kind, int cases, Generator<T> generator, Check<T> check) {
        Random random = new Random(SEED);
        for (int index = 0; index < cases; index++) {
            T input = generator.next(random);
            replayable(kind, index, input, () -> check.accept(input));
        }
    }

    /** Runs one case; a failure names the kind, the seed and the case number, and shows the start of the input. */
    private static void replayable(String kind, int index, Object input, Runnable check) {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            String text =
                    input instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(input);
            throw new AssertionError(
                    kind + " #" + index + " of seed " + SEED + " (-Dranksweep.fuzz.seed=" + SEED + "): "
                            + (text.length() > 300 ? text.substring(0, 300) + "…" : text),
                    e);
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        void accept(T input);
    }
}
