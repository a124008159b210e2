package org.cpebridge.zigbee.testing;

/** An MQTT broker on loopback that a test can stop and start again on the same port. */
public interface TestBroker extends AutoCloseable {

    String url();

    void start() throws Exception;

    void stop() throws Exception;

    @Override
    default void close() throws Exception {
        stop();
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
