package org.ranksweep.worker.diffusion;

import java.util.List;
import java.util.Locale;
import org.ranksweep.core.customize.ConceptClasses;

/**
 * The prompt language of the Fashion-MNIST generator: "a photo of a &lt;class&gt;" for the ten class words, "a photo of
 * a v*" for a concept being taught, and the null prompt (five {@code <null>} tokens) that classifier-free guidance
 * contrasts with. Every prompt is {@value #LENGTH} tokens. The concept token {@code v*} is the last token of the
 * vocabulary; the generator's text encoder keeps its embedding apart so Custom Diffusion can train that row alone.
 * Thread-safe (stateless).
 */
public final class Prompts {

    /** Tokens per prompt. */
    public static final int LENGTH = 5;
    /** The concept identifier a customization teaches. */
    public static final String CONCEPT_WORD = "v*";
    /** Fashion-MNIST's class words, indexed by label. */
    public static final List<String> CLASS_WORDS = ConceptClasses.WORDS;

    private static final String NULL = "<null>";
    private static final List<String> VOCABULARY = vocabulary();

    private Prompts() {}

    private static List<String> vocabulary() {
        List<String> words = new java.util.ArrayList<>(List.of(NULL, "a", "photo", "of"));
        words.addAll(CLASS_WORDS);
        words.add(CONCEPT_WORD);
        return List.copyOf(words);
    }

    /** Tokens in the vocabulary, the concept token included. */
    public static int vocabularySize() {
        return VOCABULARY.size();
    }

    /** The concept token's id: the last of the vocabulary. */
    public static int conceptToken() {
        return VOCABULARY.size() - 1;
    }

    /** "a photo of a &lt;class word&gt;". */
    public static String classPrompt(int label) {
        return "a photo of a " + CLASS_WORDS.get(label);
    }

    /** "a photo of a v*". */
    public static String conceptPrompt() {
        return "a photo of a " + CONCEPT_WORD;
    }

    /** The token ids of {@code prompt}: {@value #LENGTH} known words separated by spaces, or the empty prompt. */
    public static int[] tokens(String prompt) {
        String trimmed = prompt.trim().toLowerCase(Locale.ROOT);
        int[] ids = new int[LENGTH];
        if (trimmed.isEmpty()) {
            return ids;
        }
        String[] words = trimmed.split("\\s+");
        if (words.length != LENGTH) {
            throw new IllegalArgumentException(
                    "prompt '" + prompt + "' has " + words.length + " words; prompts have " + LENGTH);
        }
        for (int index = 0; index < LENGTH; index++) {
            ids[index] = VOCABULARY.indexOf(words[index]);
            if (ids[index] < 0) {
                throw new IllegalArgumentException("prompt '" + prompt + "': unknown word '" + words[index]
                        + "' (known: " + String.join(", ", VOCABULARY.subList(1, VOCABULARY.size())) + ")");
            }
        }
        return ids;
    }

    /** The null prompt's ids (the empty prompt). */
    public static int[] nullTokens() {
        return new int[LENGTH];
    }
}
