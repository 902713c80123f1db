package org.ranksweep.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The lines of one open server-sent event stream, read on a daemon thread of their own. Reading a stream that never
 * ends inside {@code sendAsync(...).thenAccept(...)} can block the caller: when the response has already arrived,
 * {@code thenAccept} runs its action on the calling thread, which then waits for the stream's end forever. Close it
 * to end the stream on both sides.
 */
public final class EventLines implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;

    private EventLines(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "event-lines " + response.uri().getPath());
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream: returns once the response's headers arrived, its lines then arrive in {@link #lines()}. */
    public static EventLines open(HttpClient http, URI uri) throws IOException, InterruptedException {
        return new EventLines(
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofLines()));
    }

    /** The response: status and headers. */
    public HttpResponse<?> response() {
        return response;
    }

    /** Every line received so far, in order; a live view. */
    public List<String> lines() {
        return lines;
    }

    private void read() {
        try {
            response.body().forEach(lines::add);
        } catch (UncheckedIOException closed) {
            // close() ended the stream while a line was awaited.
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
