package org.ranksweep.core.error;

import java.util.List;

/** Input is invalid; carries every problem found, each naming its path (e.g. {@code methods[1].budget[0]}). */
public class ValidationException extends RankSweepException {

    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** Input with one problem at {@code path}. */
    public static ValidationException of(String path, String message) {
        return new ValidationException(List.of(new Problem(path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem problem : problems) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(problem);
        }
        return text.toString();
    }

    /** One problem: where it is and what is wrong. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }
}
