package org.cpebridge.usp.agent.model;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/**
 * Serves {@code Device.MQTT.} (TR-181 2.19 MQTT:1, the client half): one {@code Client.1.}, the USP MQTT MTP's client,
 * that {@code LocalAgent.MTP.1.MQTT.Reference} points at, with its subscriptions and a few statistics. TP-469 section
 * 11 reads these (11.5 ClientID, 11.6 and 11.16 the retry parameters, 11.7 KeepAliveTime, 11.8 the subscriptions).
 * Read-only. Owning thread: the agent's.
 */
public final class MqttClientProvider implements ObjectProvider {
    private final MqttClientState state;

    public MqttClientProvider(MqttClientState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        if (table.name().equals("Client")) {
            return List.of(1L);
        }
        List<Long> rows = new ArrayList<>();
        for (long i = 1; i <= state.settings().topics().size(); i++) {
            rows.add(i);
        }
        return rows;
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        MqttClientState.Settings settings = state.settings();
        switch (object.schema().name()) {
            case "MQTT" -> values.put("ClientNumberOfEntries", "1");
            case "Capabilities" -> {
                values.put("ProtocolVersionsSupported", "3.1.1,5.0");
                values.put("TransportProtocolSupported", "TCP/IP,TLS");
            }
            case "Client" -> {
                values.put("Alias", "cpe-1");
                values.put("Name", "usp");
                values.put("Enable", "true");
                values.put("Status", state.status());
                values.put("ProtocolVersion", settings.version());
                values.put("EnableEncryption", Boolean.toString(state.encrypted()));
                values.put("BrokerAddress", state.brokerAddress());
                values.put("BrokerPort", Integer.toString(state.brokerPort()));
                values.put("TransportProtocol", state.encrypted() ? "TLS" : "TCP/IP");
                values.put("CleanSession", "true");
                values.put("CleanStart", "true");
                values.put("KeepAliveTime", Long.toString(settings.keepAlive().toSeconds()));
                values.put("ClientID", state.clientId());
                values.put("Username", settings.username().orElse(""));
                values.put("ConnectRetryTime", Long.toString(settings.connectRetryTime().toSeconds()));
                values.put("ConnectRetryIntervalMultiplier", "2000");
                values.put("ConnectRetryMaxInterval", Long.toString(settings.connectRetryMaxInterval().toSeconds()));
                values.put("SubscriptionNumberOfEntries", Integer.toString(settings.topics().size()));
            }
            case "Subscription" -> {
                int row = object.instanceNumbers().get(1).intValue();
                if (row >= 1 && row <= settings.topics().size()) {
                    values.put("Alias", "cpe-" + row);
                    values.put("Enable", "true");
                    values.put("Status", state.status().equals("Connected") ? "Subscribed" : "Unsubscribed");
                    values.put("Topic", settings.topics().get(row - 1));
                    values.put("QoS", "1");
                }
            }
            case "Stats" -> {
                values.put("BrokerConnectionEstablished", state.connectedSince()
                        .map(DateTimeFormatter.ISO_INSTANT::format).orElse(ProxiedDeviceProvider.UNKNOWN_TIME));
                values.put("PublishSent", Long.toString(state.publishSent()));
                values.put("PublishReceived", Long.toString(state.publishReceived()));
                values.put("ConnectionErrors", Long.toString(Math.min(state.connectionErrors(), 0xFFFF_FFFFL)));
            }
            default -> {
            }
        }
        return values;
    }
}
