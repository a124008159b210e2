package org.cpebridge.usp.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.mqtt.PasswordFile;
import org.cpebridge.mqtt.TlsSettings;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.mtp.mqtt.MqttVersion;
import org.cpebridge.usp.mtp.websocket.WebSocketTls;

/** The USP face's configuration keys ({@code usp.*}), each typed and documented, with its default. */
public final class UspSettings {
    private static final Pattern OUI = Pattern.compile("[0-9A-F]{6}");

    /** The agent's USP Endpoint ID; by default {@code os::<OUI>-<serial>} (TR-369 "Endpoint Identifier"). */
    public static final ConfigKey<String> ENDPOINT_ID = ConfigKey.string("usp.endpointId", null,
            "USP Endpoint ID of the agent; by default os::<usp.oui>-<bridge serial number>");

    /** The OUI part of the default Endpoint ID. */
    public static final ConfigKey<String> OUI_KEY = ConfigKey.of("usp.oui", "6 upper-case hex digits", "000000",
            "IEEE OUI of the manufacturer, used in the default Endpoint ID", text -> {
                String upper = text.toUpperCase(Locale.ROOT);
                if (!OUI.matcher(upper).matches()) {
                    throw new IllegalArgumentException("expected 6 hex digits");
                }
                return upper;
            });

    /** Broker URL of the MQTT MTP. */
    public static final ConfigKey<String> MQTT_URL = ConfigKey.string("usp.mqtt.url", "tcp://127.0.0.1:1883",
            "MQTT broker of the USP MQTT MTP (tcp://host:port or ssl://host:port)");

    public static final ConfigKey<String> MQTT_USERNAME = ConfigKey.string("usp.mqtt.username", null,
            "MQTT user name (none by default)");

    public static final ConfigKey<String> MQTT_PASSWORD = ConfigKey.string("usp.mqtt.password", null,
            "MQTT password (none by default; with the embedded broker, the agent's generated one)").secret();

    /** The password in a file of its own, so that the config file need not hold it. */
    public static final ConfigKey<String> MQTT_PASSWORD_FILE = ConfigKey.string("usp.mqtt.passwordFile", null,
            "file whose first line is the MQTT password (instead of usp.mqtt.password)");

    /** PEM CA certificates an ssl:// broker's chain must end in. */
    public static final ConfigKey<String> MQTT_TLS_CA_FILE = ConfigKey.string("usp.mqtt.tls.caFile", null,
            "PEM file of the CA certificates that sign an ssl:// broker's certificate (default: the JVM's trust "
                    + "store)");

    /** Client certificate for brokers that require one (with {@link #MQTT_TLS_KEY_FILE}). */
    public static final ConfigKey<String> MQTT_TLS_CERT_FILE = ConfigKey.string("usp.mqtt.tls.certFile", null,
            "PEM file of the agent's TLS client certificate chain for an ssl:// broker (with usp.mqtt.tls.keyFile)");

    public static final ConfigKey<String> MQTT_TLS_KEY_FILE = ConfigKey.string("usp.mqtt.tls.keyFile", null,
            "PEM file of the agent's unencrypted PKCS#8 private key (BEGIN PRIVATE KEY) for the client certificate");

    /** MQTT.Client.{i}.ClientID; empty: the broker assigns one on 5.0 (then kept), the Endpoint ID on 3.1.1. */
    public static final ConfigKey<String> MQTT_CLIENT_ID = ConfigKey.string("usp.mqtt.clientId", null,
            "MQTT Client Identifier (default: assigned by a 5.0 broker and kept across restarts; the Endpoint ID on "
                    + "3.1.1)");

    /** The topic the agent subscribes to (LocalAgent.MTP.1.MQTT.ResponseTopicConfigured). */
    public static final ConfigKey<String> MQTT_AGENT_TOPIC = ConfigKey.string("usp.mqtt.agentTopic", null,
            "MQTT topic the agent receives USP Records on; by default usp/agent/<endpoint id>");

    public static final ConfigKey<MqttVersion> MQTT_VERSION = ConfigKey.enumeration("usp.mqtt.version",
            MqttVersion.class, MqttVersion.V5, "MQTT protocol version of the MTP (V5; V3_1_1 for old brokers)");

    public static final ConfigKey<Duration> MQTT_KEEP_ALIVE = ConfigKey.duration("usp.mqtt.keepAlive",
            Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(65535), "MQTT keep-alive interval");

    /** R-MQTT.10: ConnectRetryTime. */
    public static final ConfigKey<Duration> MQTT_RETRY_MIN = ConfigKey.duration("usp.mqtt.connectRetryTime",
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(65535),
            "first reconnect wait (MQTT.Client.{i}.ConnectRetryTime)");

    /** R-MQTT.10: ConnectRetryMaxInterval (0: no cap beyond the table). */
    public static final ConfigKey<Duration> MQTT_RETRY_MAX = ConfigKey.duration("usp.mqtt.connectRetryMaxInterval",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofDays(50),
            "longest reconnect wait (MQTT.Client.{i}.ConnectRetryMaxInterval)");

    /** Where the Last Will goes. */
    public static final ConfigKey<String> MQTT_STATUS_TOPIC = ConfigKey.string("usp.mqtt.statusTopic", null,
            "retained online/offline status topic (Last Will); by default <agent topic>/status");

    /**
     * The TLS settings of an ssl:// broker from the {@code usp.mqtt.tls.*} keys.
     *
     * @throws IllegalArgumentException when only one of the client certificate and key files is set
     */
    public static Optional<TlsSettings> mqttTls(Config config) {
        Optional<Path> cert = Optional.ofNullable(config.get(MQTT_TLS_CERT_FILE)).map(Path::of);
        Optional<Path> key = Optional.ofNullable(config.get(MQTT_TLS_KEY_FILE)).map(Path::of);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(MQTT_TLS_CERT_FILE.name() + " and " + MQTT_TLS_KEY_FILE.name()
                    + " go together");
        }
        return Optional.of(new TlsSettings(Optional.ofNullable(config.get(MQTT_TLS_CA_FILE)).map(Path::of), cert,
                key));
    }

    /** The Controller entry created at first start. */
    public static final ConfigKey<String> CONTROLLER_ENDPOINT_ID = ConfigKey.string("usp.controller.endpointId",
            "proto::cpe-bridge-controller", "Endpoint ID of the Controller created at first start");

    /** R-NOT.5 item 3 for the Controller created at first start: its OnBoardingComplete starts false. */
    public static final ConfigKey<Boolean> CONTROLLER_ON_BOARD = ConfigKey.bool("usp.controller.onBoard", false,
            "send the Controller created at first start an OnBoardRequest after each start until it sets "
                    + "OnBoardingComplete to true (zero-touch on-boarding by an ISP's Controller)");

    public static final ConfigKey<String> CONTROLLER_TOPIC = ConfigKey.string("usp.controller.topic",
            "usp/controller", "MQTT topic of the Controller created at first start (where the agent answers)");

    // Only its parser is used: the WebSocket listen key keeps its text so that empty can mean "off".
    private static final ConfigKey<InetSocketAddress> WEBSOCKET_ADDRESS = ConfigKey.hostPort("usp.websocket.listen",
            null, "parser of usp.websocket.listen");

    /** Where the WebSocket server MTP listens; empty (the default) leaves it off. */
    public static final ConfigKey<String> WEBSOCKET_LISTEN = ConfigKey.of("usp.websocket.listen",
            "host:port, or empty for off", "", "address of the USP WebSocket MTP server (agent as server, "
                    + "LocalAgent.MTP.2.); empty: no WebSocket MTP", text -> {
                if (!text.isBlank()) {
                    WEBSOCKET_ADDRESS.parse(text);
                }
                return text.strip();
            });

    /** The resource path of the WebSocket MTP (R-WS.2). */
    public static final ConfigKey<String> WEBSOCKET_PATH = ConfigKey.of("usp.websocket.path", "path starting with /",
            "/usp", "HTTP path Controllers open the USP WebSocket on (LocalAgent.MTP.2.WebSocket.Path)", text -> {
                if (!text.startsWith("/") || text.contains("?") || text.contains("#") || text.contains(" ")) {
                    throw new IllegalArgumentException("expected a path such as /usp");
                }
                return text;
            });

    /** R-WS.18: the interval of the agent's keep-alive Pings. */
    public static final ConfigKey<Duration> WEBSOCKET_KEEP_ALIVE = ConfigKey.duration("usp.websocket.keepAlive",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(65535),
            "interval of the agent's WebSocket Pings (LocalAgent.MTP.2.WebSocket.KeepAliveInterval)");

    /** R-WS.22: the agent's certificate chain on the WebSocket MTP; with the key file, turns it into wss. */
    public static final ConfigKey<String> WEBSOCKET_TLS_CERT_FILE = ConfigKey.string("usp.websocket.tls.certFile",
            null, "PEM certificate chain of the WebSocket MTP (wss, with usp.websocket.tls.keyFile)");

    public static final ConfigKey<String> WEBSOCKET_TLS_KEY_FILE = ConfigKey.string("usp.websocket.tls.keyFile",
            null, "PEM unencrypted PKCS#8 key of usp.websocket.tls.certFile");

    /** CA of Controller client certificates: when set, one is required and names the Controller (R-SEC.0a). */
    public static final ConfigKey<String> WEBSOCKET_TLS_CA_FILE = ConfigKey.string("usp.websocket.tls.caFile",
            null, "PEM CA certificates that sign Controller client certificates on the WebSocket MTP; when set a "
                    + "client certificate is required and its urn:bbf:usp:id: subjectAltName is the Controller");

    /** How WebSocket Controllers without a client certificate prove who they are. */
    public enum WebSocketAuth {
        /** {@code Authorization: Bearer <the Controller's secret>} from the data directory's usp/websocket-secrets. */
        SECRET,
        /** Nothing: the claimed eid is believed. For tests and closed lab networks only. */
        NONE
    }

    /** The WebSocket MTP's authentication when no {@link #WEBSOCKET_TLS_CA_FILE} makes it client certificates. */
    public static final ConfigKey<WebSocketAuth> WEBSOCKET_AUTH = ConfigKey.enumeration("usp.websocket.auth",
            WebSocketAuth.class, WebSocketAuth.SECRET, "how WebSocket Controllers authenticate when "
                    + "usp.websocket.tls.caFile is not set: SECRET (Authorization: Bearer with the Controller's secret "
                    + "from the data directory's usp/websocket-secrets) or NONE (the claimed Endpoint ID is believed; "
                    + "tests only)");

    /**
     * The memory budget of one answer: Get, GetInstances and GetSupportedDM stop building at this many encoded bytes
     * (or at the MTP's own limit, if smaller) and answer Error 7005. 200 devices' {@code Device.ProxiedDevice.} take
     * about 161 kB.
     */
    public static final ConfigKey<Integer> MAX_RESPONSE_SIZE = ConfigKey.integer("usp.maxResponseSize",
            2 * 1024 * 1024, 16 * 1024, 64 * 1024 * 1024,
            "largest USP answer Record in bytes the agent builds (Error 7005 Resources exceeded above it, or above "
                    + "the MQTT broker's Maximum Packet Size or the WebSocket message limit if smaller)");

    private UspSettings() {
    }

    /** The household's privacy policy file (privacy-policy's format 1); by default in the data directory. */
    public static final ConfigKey<String> PRIVACY_POLICY_FILE = ConfigKey.string("usp.privacy.policyFile", null,
            "privacy policy file (roles to privacy classes); by default privacy-policy.conf in the data directory, "
                    + "and the shipped roles when there is none");

    /**
     * Whether the access log makes its batches durable in its journal file (an append and an fdatasync) rather than
     * by an atomic rewrite of the segment (two fsyncs and a rename); both keep every answered entry across a crash.
     */
    public static final ConfigKey<Boolean> PRIVACY_LOG_JOURNAL = ConfigKey.bool("usp.privacy.accessLogJournal", true,
            "make the transparency log's entries durable by appending to its journal file (one fdatasync) before a "
                    + "non-household Controller's answer; false: by rewriting the log's segment (slower)");

    /** Every key, for the service's config schema. */
    public static List<ConfigKey<?>> keys() {
        return List.of(ENDPOINT_ID, OUI_KEY, MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD, MQTT_PASSWORD_FILE,
                MQTT_TLS_CA_FILE,
                MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE, MQTT_CLIENT_ID, MQTT_AGENT_TOPIC, MQTT_VERSION,
                MQTT_KEEP_ALIVE, MQTT_RETRY_MIN, MQTT_RETRY_MAX, MQTT_STATUS_TOPIC, CONTROLLER_ENDPOINT_ID,
                CONTROLLER_TOPIC, CONTROLLER_ON_BOARD, WEBSOCKET_LISTEN, WEBSOCKET_PATH, WEBSOCKET_KEEP_ALIVE,
                WEBSOCKET_TLS_CERT_FILE, WEBSOCKET_TLS_KEY_FILE, WEBSOCKET_TLS_CA_FILE, WEBSOCKET_AUTH,
                MAX_RESPONSE_SIZE, PRIVACY_POLICY_FILE, PRIVACY_LOG_JOURNAL);
    }

    /**
     * The MQTT password from {@code usp.mqtt.password} or {@code usp.mqtt.passwordFile}.
     *
     * @throws IllegalArgumentException when both are set or the file cannot be read (naming the key, not the password)
     */
    public static Optional<String> mqttPassword(Config config) {
        return PasswordFile.resolve(Optional.ofNullable(config.get(MQTT_PASSWORD)),
                Optional.ofNullable(config.get(MQTT_PASSWORD_FILE)).map(Path::of), MQTT_PASSWORD.name(),
                MQTT_PASSWORD_FILE.name());
    }

    /**
     * The privacy rules: {@code usp.privacy.policyFile}, else {@value #PRIVACY_POLICY_FILE_NAME} in the data
     * directory of a file store; a missing file gives the shipped roles.
     *
     * @throws org.cpebridge.privacy.policy.PolicyFileException naming the file and line of a bad file
     */
    public static PrivacyRules privacyRules(Config config, DurableStore store) {
        String configured = config.get(PRIVACY_POLICY_FILE);
        if (configured != null) {
            return PrivacyRules.load(Path.of(configured));
        }
        if (store instanceof FileDurableStore files) {
            return PrivacyRules.load(files.root().resolve(PRIVACY_POLICY_FILE_NAME));
        }
        return PrivacyRules.SHIPPED;
    }

    /** The policy file's name in the data directory. */
    public static final String PRIVACY_POLICY_FILE_NAME = "privacy-policy.conf";

    /** The WebSocket MTP's listen address, if it is on. */
    public static Optional<InetSocketAddress> webSocketListen(Config config) {
        String text = config.get(WEBSOCKET_LISTEN);
        return text.isEmpty() ? Optional.empty() : Optional.of(WEBSOCKET_ADDRESS.parse(text));
    }

    /**
     * TLS of the WebSocket MTP from the {@code usp.websocket.tls.*} keys; empty (plain ws) when none is set.
     *
     * @throws IllegalArgumentException when only one of the certificate and key files is set, or a CA file without
     *                                  them
     */
    public static Optional<WebSocketTls> webSocketTls(Config config) {
        Optional<Path> cert = Optional.ofNullable(config.get(WEBSOCKET_TLS_CERT_FILE)).map(Path::of);
        Optional<Path> key = Optional.ofNullable(config.get(WEBSOCKET_TLS_KEY_FILE)).map(Path::of);
        Optional<Path> ca = Optional.ofNullable(config.get(WEBSOCKET_TLS_CA_FILE)).map(Path::of);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(WEBSOCKET_TLS_CERT_FILE.name() + " and "
                    + WEBSOCKET_TLS_KEY_FILE.name() + " go together");
        }
        if (cert.isEmpty()) {
            if (ca.isPresent()) {
                throw new IllegalArgumentException(WEBSOCKET_TLS_CA_FILE.name() + " needs "
                        + WEBSOCKET_TLS_CERT_FILE.name() + " and " + WEBSOCKET_TLS_KEY_FILE.name());
            }
            return Optional.empty();
        }
        return Optional.of(new WebSocketTls(cert.get(), key.get(), ca));
    }

    /** {@code os::<OUI>-<serial>}, with characters an Endpoint ID cannot carry percent-escaped. */
    public static String defaultEndpointId(String oui, String serialNumber) {
        StringBuilder escaped = new StringBuilder();
        for (char c : serialNumber.toCharArray()) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_') {
                escaped.append(c);
            } else {
                escaped.append('%').append(String.format(Locale.ROOT, "%02X", (int) c & 0xFF));
            }
        }
        return "os::" + oui + "-" + escaped;
    }
}
