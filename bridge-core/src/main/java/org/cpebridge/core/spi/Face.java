package org.cpebridge.core.spi;

/** A northbound face (Matter, USP, the web console): it reads the core model and answers controllers. */
public interface Face extends AutoCloseable {

    /** Starts listening; returns once the face accepts requests. Throws when it cannot start (port taken). */
    void start() throws Exception;

    /**
     * Called once, after every enabled adapter and face has started and the service has said READY (never after a
     * failed start), on the thread that started the service. For work that only makes later requests faster and must
     * not delay READY: hand it to the executor and return. Does nothing unless a face overrides it.
     */
    default void onReady() {
    }

    @Override
    void close();
}
