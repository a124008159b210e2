package org.cpebridge.zigbee.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.util.Properties;

/** Moquette in this JVM on a free loopback port, without persistence (a restart loses retained messages). */
public final class MoquetteBroker implements TestBroker {

    private final int port;
    private Server server;

    public MoquetteBroker() throws java.io.IOException {
        this.port = TestBroker.freePort();
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public synchronized void start() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        server = new Server();
        server.startServer(new MemoryConfig(properties));
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }
}
