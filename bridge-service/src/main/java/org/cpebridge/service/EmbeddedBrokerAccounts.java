package org.cpebridge.service;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.mqtt.broker.BrokerAccess;
import org.cpebridge.mqtt.broker.TopicFilter;
import org.cpebridge.usp.agent.UspSettings;
import org.cpebridge.zigbee.ZigbeeSettings;

/**
 * The embedded broker's accounts. Their passwords are generated at first start and kept in the store record
 * {@value #RECORD} (a file only the service user can read, see docs/store.md); each account may only use its own
 * topics:
 *
 * <ul>
 *   <li>{@value #USP_AGENT}: subscribes to its own topic only ({@code usp.mqtt.agentTopic}, by default
 *       {@code usp/agent/<endpoint id>}), publishes to the Controllers' topics ({@code usp/controller/#} and
 *       {@code usp.controller.topic}) and its status topic.</li>
 *   <li>{@value #CONTROLLER}: the household's local Controller (and the tests and benches): publishes to the agent's
 *       topic, subscribes to the Controllers' topics.</li>
 *   <li>{@value #ZIGBEE}: the Zigbee adapter and the Zigbee2MQTT simulator, within {@code zigbee.baseTopic/#}.</li>
 * </ul>
 *
 * <p>A client pointed at the embedded broker with no user name configured gets its account's credentials
 * ({@link #withClientCredentials}); a client pointed elsewhere keeps its own. Used on the main thread at start.
 */
final class EmbeddedBrokerAccounts {

    static final String RECORD = "core/mqtt-accounts";
    static final int FORMAT = 1;
    static final String USP_AGENT = "cpe-bridge-usp";
    static final String CONTROLLER = "cpe-bridge-controller";
    static final String ZIGBEE = "cpe-bridge-zigbee";
    private static final List<String> ACCOUNTS = List.of(USP_AGENT, CONTROLLER, ZIGBEE);
    private static final String DEFAULT_AGENT_TOPICS = "usp/agent/#";
    private static final String CONTROLLER_TOPICS = "usp/controller/#";

    private final Map<String, String> passwords;

    private EmbeddedBrokerAccounts(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** The stored passwords, with any missing account's generated and stored first. */
    static EmbeddedBrokerAccounts loadOrCreate(DurableStore store, SecureRandom random) {
        Map<String, String> passwords = new LinkedHashMap<>();
        store.read(RECORD).ifPresent(record -> {
            Map<String, Object> stored = Json.parseObject(new String(record.payloadOfFormat(FORMAT),
                    StandardCharsets.UTF_8));
            stored.forEach((name, value) -> {
                if (!(value instanceof String text) || text.isEmpty()) {
                    throw new StoreException(RECORD + ": account '" + name + "' has no password");
                }
                passwords.put(name, text);
            });
        });
        boolean changed = false;
        for (String account : ACCOUNTS) {
            if (!passwords.containsKey(account)) {
                byte[] secret = new byte[24];
                random.nextBytes(secret);
                passwords.put(account, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                changed = true;
            }
        }
        if (changed) {
            store.write(RECORD, FORMAT, Json.write(passwords).getBytes(StandardCharsets.UTF_8));
        }
        return new EmbeddedBrokerAccounts(passwords);
    }

    String password(String account) {
        return passwords.get(account);
    }

    /**
     * The broker's accounts and their topic filters for this configuration. The agent's topic is the one the USP
     * agent will subscribe to: {@code usp.mqtt.agentTopic}, or {@code usp/agent/<endpoint id>} with the endpoint id
     * from {@code usp.endpointId} or the bridge's serial number, as the agent derives it.
     */
    BrokerAccess access(Config config, String serialNumber) {
        String endpointId = config.find(UspSettings.ENDPOINT_ID)
                .orElseGet(() -> UspSettings.defaultEndpointId(config.get(UspSettings.OUI_KEY), serialNumber));
        String agentTopic = config.find(UspSettings.MQTT_AGENT_TOPIC).orElse("usp/agent/" + endpointId);
        if (!TopicFilter.isValidTopicName(agentTopic)) {
            // An endpoint id with a wildcard character cannot be a rule of its own: the agents' namespace is.
            agentTopic = DEFAULT_AGENT_TOPICS;
        }
        List<String> agentPublish = new ArrayList<>(List.of(CONTROLLER_TOPICS));
        List<String> controllerSubscribe = new ArrayList<>(List.of(CONTROLLER_TOPICS));
        String controllerTopic = config.get(UspSettings.CONTROLLER_TOPIC);
        if (!controllerTopic.startsWith("usp/controller/")) {
            agentPublish.add(controllerTopic);
            controllerSubscribe.add(controllerTopic);
        }
        // The Last Will and online status: usp.mqtt.statusTopic, by default <agent topic>/status.
        agentPublish.add(config.find(UspSettings.MQTT_STATUS_TOPIC).orElse(agentTopic.equals(DEFAULT_AGENT_TOPICS)
                ? "usp/agent/+/status" : agentTopic + "/status"));
        String zigbeeTopics = config.get(ZigbeeSettings.BASE_TOPIC) + "/#";
        return BrokerAccess.users(List.of(
                new BrokerAccess.User(USP_AGENT, password(USP_AGENT), agentPublish, List.of(agentTopic)),
                new BrokerAccess.User(CONTROLLER, password(CONTROLLER), List.of(agentTopic), controllerSubscribe),
                new BrokerAccess.User(ZIGBEE, password(ZIGBEE), List.of(zigbeeTopics), List.of(zigbeeTopics))));
    }

    /**
     * The configuration with the USP agent's and the Zigbee side's credentials filled in, for each of them whose
     * broker URL names the embedded broker's port on a loopback or the listen address and that has no user name
     * configured.
     */
    Config withClientCredentials(Config config, InetSocketAddress listen) {
        Map<ConfigKey<?>, String> filled = new LinkedHashMap<>();
        if (pointsAt(config.get(UspSettings.MQTT_URL), listen) && config.find(UspSettings.MQTT_USERNAME)
                .filter(name -> !name.isEmpty()).isEmpty()) {
            filled.put(UspSettings.MQTT_USERNAME, USP_AGENT);
            filled.put(UspSettings.MQTT_PASSWORD, password(USP_AGENT));
        }
        if (pointsAt(config.get(ZigbeeSettings.MQTT_URL), listen) && config.get(ZigbeeSettings.USERNAME).isEmpty()) {
            filled.put(ZigbeeSettings.USERNAME, ZIGBEE);
            filled.put(ZigbeeSettings.PASSWORD, password(ZIGBEE));
        }
        return filled.isEmpty() ? config : config.withValues("embedded broker account", filled);
    }

    /** Whether a tcp:// URL names the embedded broker (never sends its passwords to another broker). */
    static boolean pointsAt(String url, InetSocketAddress listen) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() != listen.getPort()) {
            return false;
        }
        String host = uri.getHost().replace("[", "").replace("]", "");
        if (host.equals(listen.getHostString())) {
            return true;
        }
        // Only literal addresses and "localhost": a name is never looked up.
        if (!host.equals("localhost") && !host.contains(":") && !host.matches("[0-9.]+")) {
            return false;
        }
        try {
            boolean loopbackUrl = host.equals("localhost")
                    || java.net.InetAddress.getByName(host).isLoopbackAddress();
            // A wildcard listener also listens on loopback.
            boolean loopbackListen = listen.getAddress() != null && (listen.getAddress().isLoopbackAddress()
                    || listen.getAddress().isAnyLocalAddress());
            return loopbackUrl && loopbackListen;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
