package org.cpebridge.console;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the console's routes see it, without netty types.
 *
 * @param query    the query string's parameters, decoded; a repeated one keeps its first value
 * @param headers  header names in lower case; a repeated header keeps its first value
 * @param remote   the client's address (the login throttle's key)
 * @param secure   whether it came over TLS (cookies then get {@code Secure})
 */
public record WebRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                         byte[] body, String remote, boolean secure) {

    public WebRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A query parameter, empty when absent or blank. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The value of cookie {@code name}, if the request carries it. */
    public Optional<String> cookie(String name) {
        String all = headers.get("cookie");
        if (all == null) {
            return Optional.empty();
        }
        for (String part : all.split(";")) {
            String trimmed = part.trim();
            int eq = trimmed.indexOf('=');
            if (eq > 0 && trimmed.substring(0, eq).equals(name)) {
                return Optional.of(trimmed.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A state-changing method: every one needs a session and its CSRF token (the login needs its own token). */
    public boolean changesState() {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
