package org.ranksweep.orchestrator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.spec.SweepSpec;

/**
 * What the read side needs of a stored sweep spec: its scheduler, objectives and constraints, read key by key from
 * the stored JSON so that a spec stored by an earlier version (without these keys, or with others since changed)
 * still gives the defaults {@link SweepSpec} gives. Immutable and thread-safe.
 *
 * @param scheduler   null when every trial runs its full recipe
 * @param objectives  the spec's objectives, top-1 maximised when it names none
 * @param constraints the spec's constraints, none when it names none
 */
record SpecFacts(SchedulerSpec scheduler, List<Objective> objectives, List<Constraint> constraints) {

    SpecFacts {
        objectives =
                objectives == null || objectives.isEmpty() ? SweepSpec.DEFAULT_OBJECTIVES : List.copyOf(objectives);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** Reads the facts from a stored spec's JSON. */
    static SpecFacts of(String specJson) {
        JsonNode spec = Json.read(specJson, JsonNode.class);
        JsonNode scheduler = spec.path("scheduler");
        JsonNode objectives = spec.path("objectives");
        JsonNode constraints = spec.path("constraints");
        return new SpecFacts(
                scheduler.isObject() ? Json.read(scheduler.toString(), SchedulerSpec.class) : null,
                objectives.isArray() ? Arrays.asList(Json.read(objectives.toString(), Objective[].class)) : null,
                constraints.isArray() ? Arrays.asList(Json.read(constraints.toString(), Constraint[].class)) : null);
    }
}
