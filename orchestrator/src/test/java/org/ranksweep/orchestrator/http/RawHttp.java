package org.ranksweep.orchestrator.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client for fuzzing that sends exactly what it is given — any method, a request target that need not be
 * a valid URI, any content type and body — on a connection of its own ({@code Connection: close}), and returns the
 * status, content type and body. The body is written on a second thread while the answer is read, so an answer the
 * server gives before reading the whole body (413, 415) is seen. An event stream's body is not waited for. A request
 * not answered within 30 s fails with an {@link AssertionError} naming it. Thread-safe.
 */
final class RawHttp {

    /** One answer: a status, its content type (null when none) and its body (empty for streams and HEAD). */
    record Answer(int status, String contentType, String body) {}

    private static final int ANSWER_TIMEOUT_MILLIS = 30_000;

    private final URI base;

    RawHttp(URI base) {
        this.base = base;
    }

    Answer send(String method, String target, String contentType, byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
                    .append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            Thread writer = write(socket.getOutputStream(), head.toString().getBytes(UTF_8), body);
            try {
                return read(socket.getInputStream(), method.equals("HEAD"));
            } finally {
                writer.interrupt();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(method + " " + target + " (" + contentType + ") got no answer within "
                    + ANSWER_TIMEOUT_MILLIS / 1000 + " s");
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " (" + contentType + ") failed: " + e, e);
        }
    }

    /** Writes head and body on a daemon thread; a server that answers early and closes may cut the body short. */
    private static Thread write(OutputStream out, byte[] head, byte[] body) {
        Thread writer = new Thread(
                () -> {
                    try {
                        out.write(head);
                        if (body != null) {
                            out.write(body);
                        }
                        out.flush();
                    } catch (IOException closedEarly) {
                        // The server answered before reading everything and closed; the answer is read regardless.
                    }
                },
                "raw-http-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static Answer read(InputStream in, boolean head) throws IOException {
        String[] lines = new String(readHead(in), ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int code = Integer.parseInt(status[1]);
        String contentType = headers.get("content-type");
        if (head || (contentType != null && contentType.startsWith("text/event-stream"))) {
            return new Answer(code, contentType, "");
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(code, contentType, new String(body, UTF_8));
    }

    /** The status line and headers, up to and without the empty line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed before the end of the headers: " + head.toString(ISO_8859_1));
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        byte[] bytes = head.toByteArray();
        return java.util.Arrays.copyOf(bytes, bytes.length - end.length);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            if (next != '\r') {
                line.write(next);
            }
        }
        return line.toString(ISO_8859_1);
    }
}
