package org.ranksweep.core.customize;

import java.util.List;

/**
 * The words of the ten Fashion-MNIST classes, by label: what prompts say ("a photo of a bag") and what a
 * {@code customization.concepts} entry may name instead of a label.
 */
public final class ConceptClasses {

    public static final List<String> WORDS = List.of(
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    private ConceptClasses() {}

    /** The word of {@code label}, or {@code class-<label>} past the ten. */
    public static String word(int label) {
        return label >= 0 && label < WORDS.size() ? WORDS.get(label) : "class-" + label;
    }
}
