package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;

/**
 * The outcome rule of spec fuzzing, shared by the property tests and the corpus replay: a spec, or a
 * {@link ValidationException} / {@link NotFoundException} whose every problem has a path and a message that says
 * something. Public so the orchestrator's fuzzing can classify the texts it sends. Thread-safe.
 */
public final class FuzzCorpus {

    /**
     * Texts the parser cannot refuse yet: they wait for the spec limits (alias/anchor counts, nesting depth, string
     * lengths) that are being added to {@link SpecParser} separately. Each is kept in {@code fuzz-corpus/} as
     * {@code pending-limit--*.yaml}; remove an entry here once its limit lands. (An unresolved alias, {@code name:
     * *undefined}, reads as the text {@code undefined}: it breaks no property, so it is only kept in the corpus.)
     */
    public static final List<Predicate<String>> PENDING_LIMITS = List.of(
            // String-length limit: a 1,000,000-character name takes seconds to refuse (the message quotes it whole).
            text -> text.length() > 500_000);

    /** Outcomes a corpus file name starts with: {@code accepted--}, {@code rejected--}, {@code pending-limit--}. */
    public enum Outcome {
        ACCEPTED,
        REJECTED,
        PENDING_LIMIT
    }

    private FuzzCorpus() {}

    /** False for a text one of {@link #PENDING_LIMITS} holds back. */
    public static boolean notPendingLimits(String text) {
        return PENDING_LIMITS.stream().noneMatch(pending -> pending.test(text));
    }

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
