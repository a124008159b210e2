package org.cpebridge.usp.testing;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.cpebridge.mqtt.broker.EmbeddedMqttBroker;

/** A broker the tests can stop and start again on the same port: the project's embedded broker or mosquitto. */
public interface TestBroker extends AutoCloseable {

    String url();

    /** The loopback port it listens on (the same after {@link #restart}). */
    int port();

    void stop() throws Exception;

    void restart() throws Exception;

    @Override
    void close() throws Exception;

    /** Which broker. */
    enum Kind {
        EMBEDDED, MOSQUITTO;

        public TestBroker start(Path dir) throws Exception {
            return this == EMBEDDED ? Embedded.start() : new Mosquitto(MosquittoBroker.start(dir));
        }
    }

    /** The in-JVM broker of module mqtt-broker. */
    final class Embedded implements TestBroker {
        private EmbeddedMqttBroker broker;
        private final int port;

        private Embedded(EmbeddedMqttBroker broker) {
            this.broker = broker;
            this.port = broker.localAddress().getPort();
        }

        static Embedded start() throws InterruptedException {
            return new Embedded(EmbeddedMqttBroker.start(new InetSocketAddress("127.0.0.1", 0),
                    EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, org.cpebridge.mqtt.broker.BrokerAccess.open()));
        }

        @Override
        public String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void stop() {
            broker.close();
        }

        @Override
        public void restart() throws InterruptedException {
            broker = EmbeddedMqttBroker.start(new InetSocketAddress("127.0.0.1", port),
                    EmbeddedMqttBroker.DEFAULT_MAX_PACKET_BYTES, org.cpebridge.mqtt.broker.BrokerAccess.open());
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** Debian's mosquitto as a child process. */
    final class Mosquitto implements TestBroker {
        private final MosquittoBroker broker;

        public Mosquitto(MosquittoBroker broker) {
            this.broker = broker;
        }

        @Override
        public String url() {
            return broker.url();
        }

        @Override
        public int port() {
            return broker.port();
        }

        @Override
        public void stop() throws InterruptedException {
            broker.stop();
        }

        @Override
        public void restart() throws Exception {
            broker.startProcess();
        }

        @Override
        public void close() throws InterruptedException {
            broker.close();
        }
    }
}
