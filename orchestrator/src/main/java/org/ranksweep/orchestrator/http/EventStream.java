package org.ranksweep.orchestrator.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.orchestrator.fanout.FanoutMessage;

/**
 * {@code GET /api/v1/events[?sweep=ID]}: server-sent events of persisted changes, in the order the orchestrator
 * applied them. Each event's SSE name is its type; the data is the {@link FanoutMessage} JSON.
 */
final class EventStream {

    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Vertx vertx;

    EventStream(Vertx vertx) {
        this.vertx = vertx;
    }

    void handle(RoutingContext context) {
        SweepId sweepFilter = QueryParams.optionalSweep(context);
        Long sweepId = sweepFilter == null ? null : sweepFilter.value();
        HttpServerResponse response = context.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no")
                // A compressed stream would hold events back in the compressor's buffer.
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        response.write(": connected\n\n");
        AtomicLong sequence = new AtomicLong();
        MessageConsumer<String> consumer = vertx.eventBus().consumer(ClusterNames.FANOUT_ADDRESS, message -> {
            FanoutMessage event = FanoutMessage.read(message.body());
            if (sweepId == null || sweepId == event.sweepId()) {
                response.write("id: " + sequence.incrementAndGet() + "\nevent: " + event.type() + "\ndata: "
                        + message.body() + "\n\n");
            }
        });
        long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MILLIS, id -> response.write(": keep-alive\n\n"));
        response.closeHandler(closed -> {
            consumer.unregister();
            vertx.cancelTimer(keepAlive);
        });
    }
}
