package org.ranksweep.orchestrator.fanout;

import io.vertx.core.Vertx;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.json.Json;

/** Publishes fan-out events as their {@link FanoutMessage} JSON on the local Vert.x event bus. Thread-safe. */
public final class VertxFanout implements Fanout {

    private final Vertx vertx;

    public VertxFanout(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void publish(FanoutEvent event) {
        vertx.eventBus().publish(ClusterNames.FANOUT_ADDRESS, Json.write(event.message()));
    }
}
