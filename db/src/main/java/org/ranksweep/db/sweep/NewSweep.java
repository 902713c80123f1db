package org.ranksweep.db.sweep;

import java.util.List;
import java.util.Objects;

/**
 * A validated, expanded sweep about to be stored. Immutable.
 *
 * @param name        human-readable name from the spec
 * @param specText    the spec exactly as submitted (YAML or JSON)
 * @param specJson    the parsed spec as JSON text
 * @param trials      its trials; indices must be unique
 * @param maxAttempts attempts each trial may use before it fails for good, at least 1
 */
public record NewSweep(String name, String specText, String specJson, List<NewTrial> trials, int maxAttempts) {

    public NewSweep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specText, "specText");
        Objects.requireNonNull(specJson, "specJson");
        trials = List.copyOf(trials);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }
}
