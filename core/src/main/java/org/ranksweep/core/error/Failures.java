package org.ranksweep.core.error;

/** Readable text for an exception whose own message may be missing. Stateless. */
public final class Failures {

    private Failures() {}

    /**
     * The exception's message; when it has none (a {@code ConnectException} from the HTTP client, an
     * {@code EOFException}), its type and the first cause that says something, never {@code "null"}.
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        return typeAndMessage(failure);
    }

    /**
     * The exception's type and message ({@code UnknownHostException: example.org}), for exceptions whose message
     * alone is only a name or a path; the first cause with a message when it has none.
     */
    public static String typeAndMessage(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        String message = failure.getMessage();
        if (message != null && !message.isBlank()) {
            return type + ": " + message;
        }
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return type + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return type + " (no detail)";
    }
}
