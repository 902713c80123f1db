package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.method.Methods;

class SuggestionsTest {

    @Test
    void measuresTheOptimalStringAlignmentDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        // The restricted form may not edit a swapped pair again: 3 here, where unrestricted Damerau gives 2.
        assertThat(Suggestions.distance("ca", "abc")).isEqualTo(3);
    }

    @Test
    void prefersAPrefixThenTheNearestCloseName() {
        List<String> keys = List.of("weight", "weightDecay", "epochs");

        assertThat(Suggestions.closest("weigh", keys)).contains("weight");
        assertThat(Suggestions.closest("epcohs", keys)).contains("epochs");
        assertThat(Suggestions.closest("WEIGHTDECAY", keys)).contains("weightDecay");
        assertThat(Suggestions.closest("svd", Methods.names())).contains("svd-matrix");
    }

    @Test
    void suggestsNothingWhenNoNameIsClose() {
        assertThat(Suggestions.closest("bogus_key", SpecReader.KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", List.of("lr", "n"))).isEmpty();
    }
}
