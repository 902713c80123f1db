package org.ranksweep.orchestrator.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Prometheus metrics of the orchestrator: HTTP responses by status, database operations retried after a transient
 * failure, and JVM metrics. Thread-safe.
 */
public final class ApiMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter responses;

    /** @param databaseRetries the scheduler's count of retried database operations, read on every scrape */
    public ApiMetrics(LongSupplier databaseRetries) {
        JvmMetrics.builder().register(registry);
        CounterWithCallback.builder()
                .name("ranksweep_database_retries_total")
                .help("Database operations retried after a transient failure (server down, connection timeout)")
                .callback(callback -> callback.call(databaseRetries.getAsLong()))
                .register(registry);
        responses = Counter.builder()
                .name("ranksweep_http_responses_total")
                .help("HTTP responses by status code")
                .labelNames("status")
                .register(registry);
    }

    /** The registry other components register their own metrics on. */
    public PrometheusRegistry registry() {
        return registry;
    }

    void requestEnded(int status) {
        responses.labelValues(Integer.toString(status)).inc();
    }

    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
