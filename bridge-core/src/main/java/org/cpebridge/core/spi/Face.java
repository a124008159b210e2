package org.cpebridge.core.spi;

/** A northbound face (Matter, USP, the web console): it reads the core model and answers controllers. */
public interface Face extends AutoCloseable {

    /** Starts listening; returns once the face accepts requests. Throws when it cannot start (port taken). */
    void start() throws Exception;

    @Override
    void close();
}
