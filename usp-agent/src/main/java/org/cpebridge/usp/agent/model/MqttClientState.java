package org.cpebridge.usp.agent.model;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The USP MQTT client as {@code Device.MQTT.Client.1.} shows it: its settings (from the {@code usp.mqtt.*} keys) and
 * what the MTP reports while it runs (status, the Client Identifier in use, counters). The face updates it from the
 * MTP's callbacks; {@link MqttClientProvider} reads it. Owning thread: the agent's executor.
 *
 * @param serverUri the broker URI ({@code tcp://} or {@code ssl://})
 * @param version   {@code 5.0} or {@code 3.1.1}, as TR-181 ProtocolVersion spells them
 * @param topics    the topics the client subscribes to (the agent's topic)
 */
public final class MqttClientState {

    /** The client's configuration. */
    public record Settings(String serverUri, String version, Duration keepAlive, Duration connectRetryTime,
            Duration connectRetryMaxInterval, Optional<String> username, List<String> topics) {
        public Settings {
            Objects.requireNonNull(serverUri, "serverUri");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(username, "username");
            topics = List.copyOf(topics);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private String status = "Connecting";
    private String clientId = "";
    private Optional<Instant> connectedSince = Optional.empty();
    private long publishSent;
    private long publishReceived;
    private long connectionErrors;

    public MqttClientState(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Settings settings() {
        return settings;
    }

    /** TR-181 Status: Connecting, Connected, Error_BrokerUnreachable (retrying) or Disabled (given up). */
    public String status() {
        return status;
    }

    public String clientId() {
        return clientId;
    }

    public Optional<Instant> connectedSince() {
        return connectedSince;
    }

    public long publishSent() {
        return publishSent;
    }

    public long publishReceived() {
        return publishReceived;
    }

    public long connectionErrors() {
        return connectionErrors;
    }

    /** Whether the broker is reached over TLS. */
    public boolean encrypted() {
        return settings.serverUri().startsWith("ssl://");
    }

    /** The broker's host, from the URI (empty when the URI has none). */
    public String brokerAddress() {
        return uri().map(URI::getHost).map(h -> h.startsWith("[") ? h.substring(1, h.length() - 1) : h).orElse("");
    }

    /** The broker's port; the scheme's default when the URI names none. */
    public int brokerPort() {
        int port = uri().map(URI::getPort).orElse(-1);
        return port >= 0 ? port : encrypted() ? 8883 : 1883;
    }

    private Optional<URI> uri() {
        try {
            return Optional.of(new URI(settings.serverUri()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    public void connecting(String clientIdInConnect) {
        clientId = clientIdInConnect;
        if (!status.equals("Connected")) {
            status = "Connecting";
        }
    }

    public void clientIdAssigned(String assigned) {
        clientId = assigned;
    }

    public void connected() {
        status = "Connected";
        connectedSince = Optional.of(clock.instant());
    }

    public void disconnected(boolean retrying) {
        if (status.equals("Connected") || retrying) {
            connectionErrors++;
        }
        status = retrying ? "Error_BrokerUnreachable" : "Disabled";
        connectedSince = Optional.empty();
    }

    public void sent() {
        publishSent++;
    }

    public void received() {
        publishReceived++;
    }
}
