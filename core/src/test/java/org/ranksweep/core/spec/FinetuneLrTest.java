package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;

/** {@code finetune.lr} as one learning rate or as a list the sweep searches over. */
class FinetuneLrTest {

    @Test
    void readsASingleNumberAsTheOnlyLearningRate() {
        SweepSpec spec = parse(SpecTexts.with("finetune", "{lr: 1.0e-3}"));

        assertThat(spec.finetune().lr()).isEqualTo(1.0e-3);
        assertThat(spec.finetuneLrs()).containsExactly(1.0e-3);
        assertThat(spec.searchesLr()).isFalse();
    }

    @Test
    void defaultsToTheOneDefaultLearningRate() {
        SweepSpec spec = parse(SpecTexts.with());

        assertThat(spec.finetuneLrs()).containsExactly(FinetuneReader.LR);
        assertThat(spec.finetune().lr()).isEqualTo(FinetuneReader.LR);
    }

    @Test
    void readsAListInSpecOrderWithTheFirstAsTheRecipesLearningRate() {
        SweepSpec spec = parse(SpecTexts.with("finetune", "{lr: [1.0e-4, 5.0e-4, 2.0e-3], minLr: 1.0e-5}"));

        assertThat(spec.finetuneLrs()).containsExactly(1.0e-4, 5.0e-4, 2.0e-3);
        assertThat(spec.finetune().lr()).isEqualTo(1.0e-4);
        assertThat(spec.searchesLr()).isTrue();
    }

    @Test
    void aOneElementListIsTheSameSpecAsTheNumber() {
        assertThat(parse(SpecTexts.with("finetune", "{lr: [2.0e-4]}")))
                .isEqualTo(parse(SpecTexts.with("finetune", "{lr: 2.0e-4}")));
    }

    @Test
    void namesEachBadElementByItsIndex() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: [1.0e-4, 0, 20, fast]}")))
                .containsExactly(
                        "finetune.lr[1]: must be in (0, 10], was 0",
                        "finetune.lr[2]: must be in (0, 10], was 20",
                        "finetune.lr[3]: must be a number, was 'fast'");
        assertThat(problems(SpecTexts.with("finetune", "{lr: [1.0e-4, [2.0e-4]]}")))
                .containsExactly("finetune.lr[1]: must be a number, was a list");
    }

    @Test
    void refusesDuplicatesNamingTheFirstOccurrence() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: [1.0e-4, 5.0e-4, 0.0001]}")))
                .containsExactly("finetune.lr[2]: duplicate learning rate 1.0E-4 (also finetune.lr[0])");
    }

    @Test
    void refusesAnEmptyListAndMoreThanSixteen() {
        String seventeen =
                IntStream.rangeClosed(1, 17).mapToObj(k -> k + ".0e-4").collect(Collectors.joining(", ", "[", "]"));

        assertThat(problems(SpecTexts.with("finetune", "{lr: []}")))
                .containsExactly("finetune.lr: must list at least one learning rate");
        assertThat(problems(SpecTexts.with("finetune", "{lr: " + seventeen + "}")))
                .containsExactly("finetune.lr: must list at most 16 learning rates, listed 17");
        assertThat(problems(SpecTexts.with("finetune", "{lr: {a: 1}}")))
                .containsExactly("finetune.lr: must be a number, was a mapping");
    }

    @Test
    void minLrMustNotExceedAnyLearningRate() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: [5.0e-4, 1.0e-4, 2.0e-3], minLr: 2.0e-4}")))
                .containsExactly("finetune.minLr: must be <= lr[1] (1.0E-4), the smallest learning rate, was 2.0E-4");
        assertThat(problems(SpecTexts.with("finetune", "{lr: 1.0e-4, minLr: 2.0e-4}")))
                .containsExactly("finetune.minLr: must be <= lr (1.0E-4), was 2.0E-4");
        assertThat(problems(SpecTexts.with("finetune", "{lr: [5.0e-4, 2.0e-4], minLr: 2.0e-4}")))
                .isEmpty();
    }

    @Test
    void theRandomSamplerCountsEveryLearningRateAsItsOwnConfiguration() {
        // dense and comcat at two budgets: 3 points, times 3 learning rates.
        String finetune = "{lr: [1.0e-4, 5.0e-4, 2.0e-3]}";

        assertThat(problems(SpecTexts.with("finetune", finetune, "sampler", "{algorithm: random, n: 9}")))
                .isEmpty();
        assertThat(problems(SpecTexts.with("finetune", finetune, "sampler", "{algorithm: random, n: 10}")))
                .containsExactly("sampler.n: 10 exceeds the 9 distinct configurations of the search space (budgets"
                        + " and explicit ranks of every method, times the 3 fine-tuning learning rates)");
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: random, n: 4}")))
                .containsExactly("sampler.n: 4 exceeds the 3 distinct configurations of the search space (budgets"
                        + " and explicit ranks of every method)");
    }

    @Test
    void theListSurvivesAJsonRoundTripAndOldSpecsWithoutItReadAsTheirOneRate() {
        SweepSpec spec = parse(SpecTexts.with("finetune", "{lr: [1.0e-4, 5.0e-4]}"));
        SweepSpec single = parse(SpecTexts.with("finetune", "{lr: 1.0e-4}"));
        String stored = Json.write(single).replace("\"finetuneLrs\":[1.0E-4],", "");

        assertThat(Json.read(Json.write(spec), SweepSpec.class)).isEqualTo(spec);
        assertThat(stored).doesNotContain("finetuneLrs").doesNotContain("searchesLr");
        assertThat(Json.read(stored, SweepSpec.class)).isEqualTo(single);
    }

    @Test
    void theFirstRateMustBeTheRecipes() {
        SweepSpec spec = parse(SpecTexts.with());

        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> new SweepSpec(
                                spec.name(),
                                spec.dataset(),
                                spec.model(),
                                spec.methods(),
                                spec.finetune(),
                                spec.sampler(),
                                spec.resources(),
                                spec.seeds(),
                                spec.maxAttempts(),
                                spec.controls(),
                                spec.scheduler(),
                                spec.objectives(),
                                spec.constraints(),
                                List.of(9.0e-4, spec.finetune().lr()))))
                .hasMessageContaining("must be finetune.lr");
    }

    private static SweepSpec parse(String text) {
        return new SpecParser().parse(text, "test.yaml");
    }

    private static List<String> problems(String text) {
        ValidationException failure =
                catchThrowableOfType(ValidationException.class, () -> new SpecParser().parse(text, "test.yaml"));
        return failure == null
                ? List.of()
                : failure.problems().stream()
                        .map(ValidationException.Problem::toString)
                        .toList();
    }
}
