package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;

/** The parser's limits, which hold for files and request bodies alike: size, nesting, aliases, numbers, strings. */
class SpecLimitsTest {

    /** Nine levels of nine aliases each: read naively, 9^9 (387 million) strings. */
    private static final String BILLION_LAUGHS = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;

    @Test
    void anAliasBombIsRefusedAtItsFirstAliasBeforeAnythingIsExpanded() {
        // The problem names the first alias of the text, so the parser stopped there: nothing was expanded.
        assertThat(problems(BILLION_LAUGHS))
                .containsExactly("test.yaml: YAML aliases are not accepted (*a at line 2); write the value out where"
                        + " it is needed");
    }

    @Test
    void anyAliasIsRefusedEvenAHarmlessOneWhileAnAnchorAloneIsIgnored() {
        String aliased =
                SpecTexts.with("finetune", "&ft {epochs: 1}", "controls", "{denseFt: false}") + "x-copy: *ft\n";
        assertThat(problems(aliased)).singleElement().asString().contains("YAML aliases are not accepted (*ft");
        assertThat(problems(SpecTexts.with("finetune", "&ft {epochs: 1}"))).isEmpty();
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        int depth = SpecParser.MAX_NESTING_DEPTH + 1;
        String deep = SpecTexts.with("seeds", "[".repeat(depth) + "1" + "]".repeat(depth));
        assertThat(problems(deep)).singleElement().asString().contains("nesting depth");
        // Just inside the limit the text reads, and the parser reports the value, not the depth.
        String inside = SpecTexts.with("seeds", "[".repeat(depth - 3) + "1" + "]".repeat(depth - 3));
        assertThat(problems(inside)).singleElement().asString().startsWith("seeds[0]");
    }

    @Test
    void aTextLongerThanTheLimitIsRefusedWithItsLengthAndTheLimit() {
        String text = SpecTexts.valid() + "# " + "x".repeat(SpecParser.MAX_SPEC_CHARS) + "\n";
        assertThat(problems(text))
                .containsExactly("test.yaml holds " + text.length() + " characters; a spec may hold at most "
                        + SpecParser.MAX_SPEC_CHARS);
    }

    @Test
    void aStringLongerThanTheLimitIsRefusedNamingTheFieldWithoutEchoingIt() {
        String path = "/data/" + "p".repeat(SpecValues.MAX_TEXT_CHARS);
        assertThat(problems(SpecTexts.with("dataset", "{name: imagefolder, path: " + path + "}")))
                .containsExactly("dataset.path: must be at most 4096 characters, was " + path.length());
        String file = "/m/" + "f".repeat(SpecValues.MAX_TEXT_CHARS);
        assertThat(problems(SpecTexts.with("model", "{arch: vit-tiny-fmnist, base: {file: " + file + "}}")))
                .containsExactly("model.base.file: must be at most 4096 characters, was " + file.length());
    }

    @Test
    void imageCountsHaveAnUpperBoundNamingTheField() {
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, heldOut: 10000001}")))
                .containsExactly("dataset.heldOut: must be between 0 and 10000000, was 10000001");
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, trainLimit: 10000001}")))
                .containsExactly("dataset.trainLimit: must be between 1 and 10000000, was 10000001");
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, testLimit: 99999999999}")))
                .containsExactly("dataset.testLimit: must be between 1 and 10000000, was 99999999999");
    }

    @Test
    void realNumbersHaveAnUpperBoundNamingTheField() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: 50, weightDecay: 11}")))
                .containsExactly(
                        "finetune.lr: must be in (0, 10], was 50", "finetune.weightDecay: must be in [0, 10], was 11");
        assertThat(problems(SpecTexts.with("finetune", "{featureAlign: {weight: 1001, blocks: [1]}}")))
                .containsExactly("finetune.featureAlign.weight: must be in [0, 1000], was 1001");
        assertThat(problems(SpecTexts.with(
                        "model", "{arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e3, batch: 8}}}")))
                .containsExactly("model.base.train.lr: must be in (0, 10], was 1000.0");
    }

    @Test
    void atMostAThousandSeeds() {
        String thousand = IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        assertThat(problems(SpecTexts.with("seeds", "[" + thousand + "]"))).isEmpty();
        assertThat(problems(SpecTexts.with("seeds", "[" + thousand + ", 1000]")))
                .containsExactly("seeds: must list at most 1000 seeds, listed 1001");
    }

    @Test
    void aNumberOfMoreDigitsThanTheLimitIsRefused() {
        assertThat(problems(SpecTexts.with("maxAttempts", "1" + "0".repeat(100))))
                .singleElement()
                .asString()
                .contains("Number value length");
    }

    @Test
    void aLongWrongValueIsQuotedOnlyInPart() {
        String augment = "z".repeat(500);
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, augment: " + augment + "}")))
                .singleElement()
                .asString()
                .contains("'" + "z".repeat(100) + "…' (500 characters)")
                .doesNotContain("z".repeat(101));
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
