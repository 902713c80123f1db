package org.ranksweep.core.asha;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.ValidationException;

/**
 * The rung ladder of ASHA: resources (e.g. fine-tuning epochs) min·η^k for k = 0..K, where max = min·η^K. Min 1,
 * max 9, η 3 gives rungs at 1, 3 and 9 epochs. Immutable, thread-safe.
 *
 * @param min resource of the bottom rung, at least 1
 * @param max resource of the top rung, min·η^K for some K ≥ 0
 * @param eta reduction factor η, at least 2: the top 1/η of a rung is promoted
 */
public record AshaConfig(int min, int max, int eta) {

    public AshaConfig {
        if (min < 1) {
            throw ValidationException.of("min", "must be at least 1, was " + min);
        }
        if (eta < 2) {
            throw ValidationException.of("eta", "must be at least 2, was " + eta);
        }
        long rung = min;
        while (rung < max) {
            rung *= eta;
        }
        if (rung != max) {
            throw ValidationException.of(
                    "max", "must be min·eta^k (" + min + ", " + (long) min * eta + ", ...), was " + max);
        }
    }

    /** The resource of each rung, bottom first. */
    public List<Integer> resources() {
        List<Integer> resources = new ArrayList<>();
        for (int rung = min; rung < max; rung *= eta) {
            resources.add(rung);
        }
        resources.add(max);
        return List.copyOf(resources);
    }

    /** The largest Hyperband bracket index s_max = K: bracket s starts at min·η^s. */
    public int maxBracket() {
        return resources().size() - 1;
    }
}
