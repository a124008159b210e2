package org.cpebridge.securetime.client;

import java.util.Objects;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.bytes.Bytes;

/**
 * A Roughtime server the client trusts: where it is and its pinned long-term Ed25519 key.
 *
 * @param host      name or address, resolved at each query
 * @param port      UDP port
 * @param publicKey the long-term public key, 32 bytes
 */
public record ServerSpec(String host, int port, Bytes publicKey) {

    public ServerSpec {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range");
        }
        if (publicKey.length() != 32) {
            throw new IllegalArgumentException("a Roughtime public key is 32 bytes, not " + publicKey.length());
        }
    }

    /** Parses {@code host:port=BASE64KEY} ({@code [v6]:port=KEY} for an IPv6 literal). */
    public static ServerSpec parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("expected host:port=base64key, got '" + text + "'");
        }
        String address = text.substring(0, equals).trim();
        String key = text.substring(equals + 1).trim();
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port before '=' in '" + text + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        Bytes publicKey;
        try {
            publicKey = Bytes.fromBase64(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key of '" + address + "' is not base64");
        }
        return new ServerSpec(host, port, publicKey);
    }

    /** SRV: the id of this server's key, sent so a server with several keys answers with this one. */
    public Bytes serverId() {
        return RoughtimeHash.serverId(publicKey);
    }

    /** {@code host:port}, for logs and proofs. */
    public String name() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return name() + "=" + publicKey.toBase64();
    }
}
