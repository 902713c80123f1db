package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code report} and {@code export} read sweeps, trials and published rows: the orchestrator's HTTP API or
 * PostgreSQL directly. Both give the same JSON shapes (the API's). Not thread-safe; close it when done.
 */
interface ResultSource extends AutoCloseable {

    /** The sweep view ({@code id}, {@code name}, {@code state}, ...); NotFoundException when absent. */
    JsonNode sweep(long sweepId);

    /** The newest sweep with this spec name. */
    Optional<JsonNode> latestSweepNamed(String name);

    /** Every trial of the sweep in plan order, with result columns when completed. */
    List<JsonNode> trials(long sweepId);

    /** One trial with {@code config} and {@code result}; NotFoundException when absent. */
    JsonNode trial(long trialId);

    /** Published rows for a model (all when null). */
    List<JsonNode> baselines(String model);

    @Override
    void close();
}
