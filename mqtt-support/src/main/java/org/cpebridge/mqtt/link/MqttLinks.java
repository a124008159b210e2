package org.cpebridge.mqtt.link;

import org.cpebridge.mqtt.MqttVersion;

/** Makes links for a protocol choice, over mqtt-support's client port. */
public final class MqttLinks {

    private MqttLinks() {
    }

    public static MqttLink create(MqttProtocol protocol, MqttLinkSettings settings, LinkTimer scheduler,
                                  MqttLink.Listener listener) {
        return switch (protocol) {
            case V5 -> new PortMqttLink(settings, MqttVersion.V5, scheduler, listener);
            case V3_1_1 -> new PortMqttLink(settings, MqttVersion.V3_1_1, scheduler, listener);
            case AUTO -> new AutoMqttLink(settings, scheduler, listener);
        };
    }

    /** Starts with MQTT 5; if the broker refuses it on the first connect, continues with 3.1.1 for good. */
    private static final class AutoMqttLink implements MqttLink {
        private final MqttLinkSettings settings;
        private final LinkTimer scheduler;
        private final Listener listener;
        private volatile MqttLink current;
        private volatile boolean closed;

        AutoMqttLink(MqttLinkSettings settings, LinkTimer scheduler, Listener listener) {
            this.settings = settings;
            this.scheduler = scheduler;
            this.listener = listener;
            PortMqttLink first = new PortMqttLink(settings, MqttVersion.V5, scheduler, listener);
            first.onProtocolRejected(this::fallBack);
            this.current = first;
        }

        private synchronized void fallBack() {
            if (closed) {
                return;
            }
            current = new PortMqttLink(settings, MqttVersion.V3_1_1, scheduler, listener);
            current.start();
        }

        @Override
        public void start() {
            current.start();
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retained) {
            current.publish(topic, payload, qos, retained);
        }

        @Override
        public boolean isConnected() {
            return current.isConnected();
        }

        @Override
        public synchronized void close() {
            closed = true;
            current.close();
        }

        @Override
        public synchronized void kill() {
            closed = true;
            current.kill();
        }
    }
}
