package org.ranksweep.db.sweep;

import java.util.Objects;
import org.ranksweep.core.trial.TrialConfig;

/**
 * One trial of a sweep about to be stored; it starts PENDING with no attempts. Immutable.
 *
 * @param index       position within the sweep, unique per sweep, from 0
 * @param label       the spec entry this trial came from
 * @param method      method name, e.g. {@code comcat}
 * @param config      everything a worker needs to run it, stored as JSON
 * @param contentHash SHA-256 (64 hex digits) of the configuration; identical trials share it
 */
public record NewTrial(int index, String label, String method, TrialConfig config, String contentHash) {

    public NewTrial {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
