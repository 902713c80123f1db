package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.function.Supplier;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;

/**
 * The outcome rule of spec fuzzing, shared by the fuzz tests and the corpus replay: a spec, or a
 * {@link ValidationException} / {@link NotFoundException} whose every problem has a path and a message that says
 * something. Public so the orchestrator's fuzzing can classify the texts it sends. Thread-safe.
 */
public final class FuzzCorpus {

    /** Outcomes a corpus file name starts with: {@code accepted--} or {@code rejected--}. */
    public enum Outcome {
        ACCEPTED,
        REJECTED
    }

    private FuzzCorpus() {}

    /** Parses {@code text} and checks the outcome rule; returns whether it was accepted. */
    public static Outcome assertParsesOrRefuses(SpecParser parser, String text) {
        return assertOutcome(() -> parser.parse(text, "fuzzed text"));
    }

    /** Runs a parse and checks the outcome rule; returns whether it was accepted. */
    public static Outcome assertOutcome(Supplier<SweepSpec> parse) {
        try {
            assertThat(parse.get()).isNotNull();
            return Outcome.ACCEPTED;
        } catch (ValidationException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ValidationException.Problem problem : e.problems()) {
                assertThat(problem.path()).as("path of %s", problem).isNotNull();
                assertThat(problem.message())
                        .as("message at %s", problem.path())
                        .isNotBlank();
                assertThat(problem.message())
                        .as("message at %s", problem.path())
                        .doesNotContain(": null");
                assertThat(problem.message().strip()).as("message").isNotEqualTo("null");
            }
            return Outcome.REJECTED;
        } catch (NotFoundException e) {
            assertThat(e.getMessage()).isNotBlank().isNotEqualTo("null");
            return Outcome.REJECTED;
        } catch (Throwable e) {
            return fail("parse threw " + e.getClass().getName() + " instead of a ValidationException", e);
        }
    }
}
