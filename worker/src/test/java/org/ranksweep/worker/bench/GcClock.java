package org.ranksweep.worker.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Garbage collections of this JVM between {@link #start()} and {@link #spent()}: count and accumulated time over
 * every collector (young and old). Immutable and thread-safe; the figures include collections caused by any
 * thread.
 */
final class GcClock {

    /** What the JVM spent on garbage collection over an interval. */
    record Spent(long collections, long millis) {

        static final Spent NONE = new Spent(0, 0);
    }

    private final Spent start;

    private GcClock(Spent start) {
        this.start = start;
    }

    static GcClock start() {
        return new GcClock(now());
    }

    Spent spent() {
        Spent end = now();
        return new Spent(end.collections() - start.collections(), end.millis() - start.millis());
    }

    private static Spent now() {
        long collections = 0;
        long millis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
            millis += Math.max(0, collector.getCollectionTime());
        }
        return new Spent(collections, millis);
    }
}
