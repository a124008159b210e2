package org.cpebridge.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;

/**
 * One HTTP response as the routes make it, without netty types. A response with {@code eventStream} set opens a
 * server-sent event stream instead of carrying a body.
 *
 * @param headers extra headers, in order; a name may repeat ({@code Set-Cookie})
 */
public record WebResponse(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers,
                          boolean eventStream) {

    public WebResponse {
        body = body.clone();
        headers = List.copyOf(headers);
    }

    public static WebResponse json(int status, Object value) {
        return new WebResponse(status, "application/json; charset=utf-8",
                Json.write(value).getBytes(StandardCharsets.UTF_8), List.of(), false);
    }

    public static WebResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public static WebResponse bytes(String contentType, byte[] body) {
        return new WebResponse(200, contentType, body, List.of(), false);
    }

    public static WebResponse redirect(String location) {
        return new WebResponse(303, "text/plain; charset=utf-8", new byte[0],
                List.of(Map.entry("Location", location)), false);
    }

    public static WebResponse openEventStream() {
        return new WebResponse(200, "text/event-stream; charset=utf-8", new byte[0], List.of(), true);
    }

    public WebResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new WebResponse(status, contentType, body, more, eventStream);
    }
}
