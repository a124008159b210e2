package org.cpebridge.mqtt;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@link MqttClientPort} connects. The client never reconnects by itself: the caller decides when to connect
 * again (with a fresh port), so it can resubscribe and re-announce itself its own way.
 *
 * @param password                   never logged
 * @param connectTimeout             how long the TCP connect and CONNACK may take (whole seconds)
 * @param cleanStart                 Clean Start (5.0) or Clean Session (3.1.1)
 * @param userProperties             CONNECT User Properties (5.0 only)
 * @param requestResponseInformation ask for Response Information in the CONNACK (5.0 only)
 * @param maxInflight                QoS 1/2 publishes in flight before {@link MqttClientPort#publish} returns false
 *                                   (3.1.1 only; over 5.0 the broker's Receive Maximum sets it)
 * @param tls                        how an {@code ssl://} broker is checked and shown a client certificate; the JVM's
 *                                   trust store when empty; ignored for {@code tcp://}
 * @param ioGroup                    the netty group whose event loop carries the connection (the service's shared
 *                                   {@code bridge-io} loop); empty: the client makes a one-thread group of its own
 *                                   ({@code mqtt-client}) and shuts it down on {@link MqttClientPort#close}
 * @param maxIncomingPacket          the largest packet accepted from the broker (announced as Maximum Packet Size
 *                                   over 5.0); a larger one ends the connection with a reason that says so
 */
public record ConnectOptions(String serverUri, String clientId, MqttVersion version, Optional<String> username,
        Optional<String> password, Duration keepAlive, Duration connectTimeout, boolean cleanStart,
        List<UserProperty> userProperties, boolean requestResponseInformation, Optional<Will> will,
        int maxInflight, Optional<TlsSettings> tls, Optional<EventLoopGroup> ioGroup, int maxIncomingPacket) {

    /** MQTT's own largest packet: a Remaining Length of four bytes (MQTT 5 §2.2.3) plus the fixed header. */
    public static final int MAX_PACKET = 268_435_455 + 5;
    /**
     * The default {@link #maxIncomingPacket}: 8 MiB, far above a USP request or a Zigbee2MQTT device list of a few
     * hundred devices, and small enough that one hostile broker packet cannot exhaust a router's 64 MiB heap.
     */
    public static final int DEFAULT_MAX_INCOMING_PACKET = 8 * 1024 * 1024;

    public ConnectOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (keepAlive.isNegative() || keepAlive.getSeconds() > 65535) {
            throw new IllegalArgumentException("keep alive is 0..65535 s: " + keepAlive);
        }
        if (connectTimeout.getSeconds() < 1 || connectTimeout.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout is at least 1 s: " + connectTimeout);
        }
        userProperties = List.copyOf(userProperties);
        Objects.requireNonNull(will, "will");
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("max in-flight is 1..65535: " + maxInflight);
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(ioGroup, "ioGroup");
        if (maxIncomingPacket < 2 || maxIncomingPacket > MAX_PACKET) {
            throw new IllegalArgumentException("max incoming packet is 2.." + MAX_PACKET + " bytes: "
                    + maxIncomingPacket);
        }
    }

    /** Options with the defaults of {@link Builder}. */
    public static Builder builder(String serverUri, String clientId, MqttVersion version) {
        return new Builder(serverUri, clientId, version);
    }

    @Override
    public String toString() {
        return "ConnectOptions[" + serverUri + ", " + version + ", client " + clientId
                + username.map(u -> ", user " + u).orElse("") + "]";
    }

    /**
     * Defaults: no credentials, keep-alive 60 s, connect timeout 30 s, clean start, no properties or will, 20 in
     * flight, a private I/O loop, {@link #DEFAULT_MAX_INCOMING_PACKET}.
     */
    public static final class Builder {
        private final String serverUri;
        private final String clientId;
        private final MqttVersion version;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Duration keepAlive = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(30);
        private boolean cleanStart = true;
        private List<UserProperty> userProperties = List.of();
        private boolean requestResponseInformation;
        private Optional<Will> will = Optional.empty();
        private int maxInflight = 20;
        private Optional<TlsSettings> tls = Optional.empty();
        private Optional<EventLoopGroup> ioGroup = Optional.empty();
        private int maxIncomingPacket = DEFAULT_MAX_INCOMING_PACKET;

        private Builder(String serverUri, String clientId, MqttVersion version) {
            this.serverUri = serverUri;
            this.clientId = clientId;
            this.version = version;
        }

        public Builder credentials(Optional<String> username, Optional<String> password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder cleanStart(boolean cleanStart) {
            this.cleanStart = cleanStart;
            return this;
        }

        public Builder userProperties(List<UserProperty> userProperties) {
            this.userProperties = userProperties;
            return this;
        }

        public Builder requestResponseInformation(boolean request) {
            this.requestResponseInformation = request;
            return this;
        }

        public Builder will(Optional<Will> will) {
            this.will = will;
            return this;
        }

        public Builder maxInflight(int maxInflight) {
            this.maxInflight = maxInflight;
            return this;
        }

        public Builder tls(Optional<TlsSettings> tls) {
            this.tls = tls;
            return this;
        }

        public Builder ioGroup(Optional<EventLoopGroup> ioGroup) {
            this.ioGroup = ioGroup;
            return this;
        }

        /** The service's shared I/O group if {@code ports} offers one (the core's {@code FacePorts::find} fits). */
        public Builder ioGroupFrom(IoPorts ports) {
            this.ioGroup = ports.find(EventLoopGroup.class);
            return this;
        }

        public Builder maxIncomingPacket(int maxIncomingPacket) {
            this.maxIncomingPacket = maxIncomingPacket;
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(serverUri, clientId, version, username, password, keepAlive, connectTimeout,
                    cleanStart, userProperties, requestResponseInformation, will, maxInflight, tls, ioGroup,
                    maxIncomingPacket);
        }
    }
}
