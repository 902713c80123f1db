package org.ranksweep.core.lifecycle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TrialLifecycle#decide} made of an event: the trial's next snapshot and the effects that bring the
 * store, the cluster and the dashboards there, in the order they are to be carried out. Immutable.
 */
public record Decision(TrialSnapshot next, List<Effect> effects) {

    public Decision {
        Objects.requireNonNull(next, "next");
        effects = List.copyOf(effects);
    }

    /** The effects of one kind, in order. */
    public <T extends Effect> List<T> effects(Class<T> kind) {
        return effects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Why the event changed nothing; empty when it changed something. */
    public Optional<String> ignoredBecause() {
        return effects(Effect.Ignored.class).stream()
                .map(Effect.Ignored::because)
                .findFirst();
    }

    /** Whether the decision has an effect of this kind. */
    public boolean has(Class<? extends Effect> kind) {
        return effects.stream().anyMatch(kind::isInstance);
    }
}
