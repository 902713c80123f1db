package org.ranksweep.core.spec;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;

/**
 * Collects every problem found while reading a spec, so one run reports them all, and the warnings (deprecated
 * keys) that do not stop it. Not thread-safe.
 */
final class Problems {

    private final List<Problem> found = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    void add(String path, String message) {
        found.add(new Problem(path, message));
    }

    void warn(String path, String message) {
        warnings.add(new Problem(path, message));
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }
}
