package org.ranksweep.worker.train;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cooperative stop request, checked by training loops once per batch. Thread-safe. */
public final class CancellationFlag {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A flag nobody will raise. */
    public static CancellationFlag never() {
        return new CancellationFlag();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
