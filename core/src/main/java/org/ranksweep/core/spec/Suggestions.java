package org.ranksweep.core.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" suggestions for misspelt keys and names, by prefix or by Damerau–Levenshtein distance (optimal
 * string alignment: insertions, deletions, substitutions and swaps of neighbours each cost 1). Comparisons
 * ignore case. Thread-safe (stateless).
 */
public final class Suggestions {

    private static final int MIN_PREFIX_LENGTH = 3;

    private Suggestions() {}

    /**
     * The candidate the input most likely meant: the shortest candidate the input is a prefix of (inputs of three
     * or more characters), else the nearest candidate within a distance of about a third of the input's length
     * (at least 1, at most 3) that keeps at least one character; ties go to the earlier candidate.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String typed = input.toLowerCase(Locale.ROOT);
        Optional<String> byPrefix = candidates.stream()
                .filter(candidate -> typed.length() >= MIN_PREFIX_LENGTH
                        && candidate.toLowerCase(Locale.ROOT).startsWith(typed))
                .reduce((first, second) -> second.length() < first.length() ? second : first);
        if (byPrefix.isPresent()) {
            return byPrefix;
        }
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A single-letter input is one edit away from every single-letter name: that is no evidence of a typo.
        boolean close =
                best != null && bestDistance <= allowed && bestDistance < Math.max(typed.length(), best.length());
        return close ? Optional.of(best) : Optional.empty();
    }

    /** Damerau–Levenshtein distance in its optimal-string-alignment form (no substring is edited twice). */
    public static int distance(String left, String right) {
        int[][] cost = new int[left.length() + 1][right.length() + 1];
        for (int i = 0; i <= left.length(); i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= right.length(); j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= left.length(); i++) {
            for (int j = 1; j <= right.length(); j++) {
                int substitution = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
                int best =
                        Math.min(Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1), cost[i - 1][j - 1] + substitution);
                if (i > 1
                        && j > 1
                        && left.charAt(i - 1) == right.charAt(j - 2)
                        && left.charAt(i - 2) == right.charAt(j - 1)) {
                    best = Math.min(best, cost[i - 2][j - 2] + 1);
                }
                cost[i][j] = best;
            }
        }
        return cost[left.length()][right.length()];
    }

    /**
     * The message for an unknown name: {@code unknown method 'comact'; did you mean 'comcat'?}, or the known names
     * when none is close.
     */
    public static String unknown(String what, String value, Collection<String> known) {
        return closest(value, known)
                .map(suggestion -> "unknown " + what + " '" + value + "'; did you mean '" + suggestion + "'?")
                .orElse("unknown " + what + " '" + value + "' (known: " + String.join(", ", known) + ")");
    }
}
