package org.cpebridge.securetime.face;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.securetime.client.ServerSpec;

/** The {@code time.*} configuration keys. */
public final class TimeKeys {

    /** Public Roughtime servers with their published keys (the ecosystem list of December 2026). */
    static final List<ServerSpec> PUBLIC_SERVERS = List.of(
            ServerSpec.parse("roughtime.cloudflare.com:2003=0GD7c3yP8xEc4Zl2zeuN2SlLvDVVocjsPSL8/Rl/7zg="),
            ServerSpec.parse("roughtime.int08h.com:2002=AW5uAoTSTDfG5NfY1bTh08GUnOqlRb+HVhbJ3ODJvsE="),
            ServerSpec.parse("roughtime.se:2002=S3AzfZJ5CjSdkJ21ZJGbxqdYP/SoE8fXKY0+aicsehI="),
            ServerSpec.parse("time.txryan.com:2002=iBVjxg/1j7y1+kQUTBYdTabxCppesU/07D4PMDJk2WA="),
            ServerSpec.parse("roughtime.sturdystatistics.com:2002=NqIjwLopQn6yQChtE21Mb97dAbAPe5UOuTa0tOakgD8="));

    public static final ConfigKey<Boolean> CLIENT_ENABLED = ConfigKey.bool("time.client.enabled", false,
            "Secure the bridge's clock with Roughtime: ask time.client.servers and set the time once "
                    + "time.client.quorum of them agree. Off by default because it reaches servers on the Internet.");
    public static final ConfigKey<List<ServerSpec>> CLIENT_SERVERS = ConfigKey.of("time.client.servers",
            "comma-separated host:port=base64 Ed25519 key", PUBLIC_SERVERS,
            "Roughtime servers and their pinned long-term public keys.",
            text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(ServerSpec::parse).toList());
    public static final ConfigKey<Integer> CLIENT_QUORUM = ConfigKey.integer("time.client.quorum", 3, 3, 16,
            "How many servers must agree (within their radii) before the clock is set; at least 3.");
    public static final ConfigKey<Duration> CLIENT_INTERVAL = ConfigKey.duration("time.client.interval",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7),
            "How often the secured time is checked again.");
    public static final ConfigKey<Duration> CLIENT_RETRY = ConfigKey.duration("time.client.retry",
            Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofDays(1),
            "How soon to try again while the time is not secured.");
    public static final ConfigKey<Duration> CLIENT_TIMEOUT = ConfigKey.duration("time.client.timeout",
            Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(30),
            "How long to wait for one server's answer (each request is sent twice).");

    public static final ConfigKey<Boolean> SERVER_ENABLED = ConfigKey.bool("time.server.enabled", false,
            "Serve Roughtime to the home's devices on time.server.listen. It answers only while the bridge's own "
                    + "time is secured (time.client.enabled).");
    public static final ConfigKey<InetSocketAddress> SERVER_LISTEN = ConfigKey.hostPort("time.server.listen",
            "127.0.0.1:2002", "Where the Roughtime server listens (UDP): loopback or a LAN address; a wildcard "
                    + "address (0.0.0.0, ::) is refused.");
    public static final ConfigKey<String> SERVER_KEY_FILE = ConfigKey.string("time.server.keyFile", null,
            "The server's long-term key file (mode 0600, made at first start); default "
                    + "<data-dir>/time/server-longterm.key.");
    public static final ConfigKey<Duration> SERVER_DELEGATION = ConfigKey.duration("time.server.delegationLifetime",
            Duration.ofDays(1), Duration.ofMinutes(10), Duration.ofDays(30),
            "How long each online key is delegated for (MAXT - now); it is replaced when a quarter is left.");
    public static final ConfigKey<Integer> SERVER_MAX_BATCH = ConfigKey.integer("time.server.maxBatch", 256, 1,
            1024, "The most requests answered under one signature.");
    public static final ConfigKey<Integer> SERVER_RATE = ConfigKey.integer("time.server.ratePerSecond", 5, 1,
            10_000, "Requests per second answered per source address.");
    public static final ConfigKey<Integer> SERVER_BURST = ConfigKey.integer("time.server.burst", 20, 1, 100_000,
            "Requests a source may send at once before its rate applies.");

    static List<ConfigKey<?>> all() {
        return List.of(CLIENT_ENABLED, CLIENT_SERVERS, CLIENT_QUORUM, CLIENT_INTERVAL, CLIENT_RETRY, CLIENT_TIMEOUT,
                SERVER_ENABLED, SERVER_LISTEN, SERVER_KEY_FILE, SERVER_DELEGATION, SERVER_MAX_BATCH, SERVER_RATE,
                SERVER_BURST);
    }

    private TimeKeys() {
    }
}
