package org.cpebridge.zigbee.testing;

import java.net.InetSocketAddress;
import org.cpebridge.mqtt.broker.EmbeddedMqttBroker;

/** The project's own embedded MQTT 3.1.1/5 broker (module mqtt-broker) on a free loopback port. */
public final class ProjectBroker implements TestBroker {

    private final int port;
    private EmbeddedMqttBroker broker;

    public ProjectBroker() throws java.io.IOException {
        this.port = TestBroker.freePort();
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public synchronized void start() throws Exception {
        broker = EmbeddedMqttBroker.start(new InetSocketAddress("127.0.0.1", port),
                EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, org.cpebridge.mqtt.broker.BrokerAccess.open());
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
