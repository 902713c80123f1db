package org.ranksweep.db.trial;

import java.util.Objects;
import org.ranksweep.core.trial.TrialConfig;

/**
 * A trial's configuration as its row stores it: the JSON, parsed on first use. Most reads of a trial's row decide on
 * its state alone (a pause, a pruning, a completion); only an assignment or a rung report needs the configuration.
 * Parsing every row read, once a successive-halving sweep had more trials than the parse cache holds, was an eighth
 * of the scheduler thread's samples in a flight recording of 20,000 no-op trials. Thread-safe: the parsed value is
 * immutable and computed at most a few times under a race, each time equal.
 */
public final class StoredConfig {

    private final String json;
    private volatile TrialConfig parsed;

    StoredConfig(String json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The configuration, parsed once. */
    public TrialConfig get() {
        TrialConfig config = parsed;
        if (config == null) {
            config = TrialRows.config(json);
            parsed = config;
        }
        return config;
    }

    /** Equal when the stored JSON is. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StoredConfig that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
