package org.ranksweep.orchestrator.http;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.error.LimitExceededException;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.orchestrator.fanout.FanoutMessage;

/**
 * {@code GET /api/v1/events[?sweep=ID]}: server-sent events of persisted changes, in the order the orchestrator
 * applied them. Each event's SSE name is its type; the data is the {@link FanoutMessage} JSON. One remote address
 * may hold so many streams open; beyond that it gets 429, and closing a stream frees its slot. Thread-safe.
 */
final class EventStream {

    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Vertx vertx;
    private final int maxPerAddress;
    private final ConcurrentMap<String, Integer> openByAddress = new ConcurrentHashMap<>();

    EventStream(Vertx vertx, int maxPerAddress) {
        this.vertx = vertx;
        this.maxPerAddress = maxPerAddress;
    }

    void handle(RoutingContext context) {
        SweepId sweepFilter = QueryParams.optionalSweep(context);
        String address = context.request().remoteAddress().hostAddress();
        if (!takeSlot(address)) {
            context.fail(new LimitExceededException(address + " has " + maxPerAddress
                    + " event streams open, the limit per client (the orchestrator's --max-event-streams);"
                    + " close one first"));
            return;
        }
        stream(
                context,
                sweepFilter,
                () -> openByAddress.computeIfPresent(address, (key, open) -> open > 1 ? open - 1 : null));
    }

    /** Counts the stream in, unless the address already holds the most it may. */
    private boolean takeSlot(String address) {
        boolean[] taken = {false};
        openByAddress.compute(address, (key, open) -> {
            int current = open == null ? 0 : open;
            taken[0] = current < maxPerAddress;
            return taken[0] ? current + 1 : open;
        });
        return taken[0];
    }

    private void stream(RoutingContext context, SweepId sweepFilter, Runnable releaseSlot) {
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
            releaseSlot.run();
        });
    }
}
