package org.cpebridge.console;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;

/** The web console's configuration keys ({@code web.*}). */
public final class WebSettings {

    /**
     * Where the console listens: an interface name or an IP address, and a port. The default is the LAN bridge of
     * an OpenWrt-style router; without that interface the console listens on 127.0.0.1 only (and logs so), never
     * on the wildcard, so it is never reachable from the WAN side.
     */
    public static final ConfigKey<InetSocketAddress> LISTEN = ConfigKey.hostPort("web.listen", "br-lan:8080",
            "web console address: INTERFACE:PORT or IP:PORT; without the interface, 127.0.0.1:PORT (port 0: any free)");

    public static final ConfigKey<Duration> SESSION_IDLE = ConfigKey.duration("web.sessionIdle",
            Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofDays(1),
            "a console login ends after this long without a request");

    public static final ConfigKey<Integer> PASSWORD_ITERATIONS = ConfigKey.integer("web.passwordIterations",
            310_000, 100_000, 10_000_000,
            "PBKDF2-HMAC-SHA256 iterations for a newly set household password (the stored hash keeps its own count)");

    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("web.requestTimeout",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "a connection that sends no complete request for this long is closed (slow headers, idle keep-alive)");

    public static final ConfigKey<String> TLS_CERT_FILE = ConfigKey.string("web.tls.certFile", null,
            "PEM certificate chain: with web.tls.keyFile the console speaks HTTPS only, on web.listen");

    public static final ConfigKey<String> TLS_KEY_FILE = ConfigKey.string("web.tls.keyFile", null,
            "PEM unencrypted PKCS#8 private key (BEGIN PRIVATE KEY) of web.tls.certFile");

    /** The largest request body the console reads (a login, a rename, a grant form); larger ones get 413. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    /** The longest request line and header block; longer ones are refused by the codec. */
    public static final int MAX_INITIAL_LINE_BYTES = 4096;
    public static final int MAX_HEADER_BYTES = 8192;

    private WebSettings() {
    }

    static List<ConfigKey<?>> keys() {
        return List.of(LISTEN, SESSION_IDLE, PASSWORD_ITERATIONS, REQUEST_TIMEOUT, TLS_CERT_FILE, TLS_KEY_FILE);
    }
}
