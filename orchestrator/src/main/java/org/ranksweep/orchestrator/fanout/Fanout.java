package org.ranksweep.orchestrator.fanout;

/** Publishes {@link FanoutEvent}s to whoever listens (SSE streams, the local CLI). Implementations are thread-safe. */
@FunctionalInterface
public interface Fanout {

    void publish(FanoutEvent event);
}
