package org.cpebridge.console.http;

/** One open server-sent event stream to a browser. Thread-safe: any thread may send. */
public interface EventStream {

    /** Sends one event; {@code data} must be one line (JSON is). Does nothing once the stream is closed. */
    void send(String event, String data);

    boolean isOpen();

    /** Runs {@code action} once the stream has closed (the browser left, or {@link #close}). */
    void onClose(Runnable action);

    void close();
}
