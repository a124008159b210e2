package org.cpebridge.mqtt.link;

import org.cpebridge.mqtt.IoPorts;
import org.cpebridge.mqtt.MqttVersion;

/** Makes links for a protocol choice, over mqtt-support's client port. */
public final class MqttLinks {

    private MqttLinks() {
    }

    /** A link whose client runs on a private one-thread loop (standalone tools and tests). */
    public static MqttLink create(MqttProtocol protocol, MqttLinkSettings settings, LinkTimer scheduler,
                                  MqttLink.Listener listener) {
        return create(protocol, settings, scheduler, listener, IoPorts.NONE);
    }

    /** A link whose clients run on the shared I/O group {@code io} offers (the core's {@code FacePorts::find}). */
    public static MqttLink create(MqttProtocol protocol, MqttLinkSettings settings, LinkTimer scheduler,
                                  MqttLink.Listener listener, IoPorts io) {
        return switch (protocol) {
            case V5 -> new PortMqttLink(settings, MqttVersion.V5, scheduler, listener, io);
            case V3_1_1 -> new PortMqttLink(settings, MqttVersion.V3_1_1, scheduler, listener, io);
            case AUTO -> new AutoMqttLink(settings, scheduler, listener, io);
        };
    }

    /** Starts with MQTT 5; if the broker refuses it on the first connect, continues with 3.1.1 for good. */
    private static final class AutoMqttLink implements MqttLink {
        private final MqttLinkSettings settings;
        private final LinkTimer scheduler;
        private final Listener listener;
        private final IoPorts io;
        private volatile MqttLink current;
        private volatile boolean closed;

        AutoMqttLink(MqttLinkSettings settings, LinkTimer scheduler, Listener listener, IoPorts io) {
            this.settings = settings;
            this.scheduler = scheduler;
            this.listener = listener;
            this.io = io;
            PortMqttLink first = new PortMqttLink(settings, MqttVersion.V5, scheduler, listener, io);
            first.onProtocolRejected(this::fallBack);
            this.current = first;
        }

        private synchronized void fallBack() {
            if (closed) {
                return;
            }
            current = new PortMqttLink(settings, MqttVersion.V3_1_1, scheduler, listener, io);
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
