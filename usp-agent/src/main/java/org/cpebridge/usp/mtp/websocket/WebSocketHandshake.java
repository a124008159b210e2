package org.cpebridge.usp.mtp.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.usp.record.EndpointIds;

/**
 * The agent-as-server side of the USP WebSocket opening handshake (TR-369 "WebSocket Binding"), sans-I/O: takes the
 * request target and the header values, says whether to upgrade, with which subprotocol, and which Controller is
 * calling when the request names it.
 *
 * <ul>
 *   <li>The path must be the configured one (R-WS.2); the query is ignored for that.</li>
 *   <li>{@code Sec-WebSocket-Protocol} must offer {@code v1.usp} (R-WS.9); otherwise no session (R-WS.12a).</li>
 *   <li>The Controller's Endpoint ID comes from the query pair {@code eid=} (R-WS.10b, percent-decoded, R-WS.10c), or
 *       else from the deprecated {@code Sec-WebSocket-Extensions: bbf-usp-protocol; eid="..."} (R-WS.10a). Neither
 *       present is not an error (R-WS.11c): the first Record's {@code from_id} names it then.</li>
 * </ul>
 */
public final class WebSocketHandshake {
    /** The subprotocol for protobuf-encoded USP Records (R-WS.9). */
    public static final String USP_SUBPROTOCOL = "v1.usp";
    /** The WebSocket extension that carries an Endpoint ID (R-WS.10a, R-WS.11a). */
    public static final String USP_EXTENSION = "bbf-usp-protocol";

    private WebSocketHandshake() {
    }

    /** The verdict on one upgrade request. */
    public sealed interface Decision {
    }

    /**
     * Upgrade, answering {@code subprotocol}; {@code controllerId} is empty when the request does not name the
     * Controller.
     */
    public record Accept(String subprotocol, Optional<String> controllerId) implements Decision {
        public Accept {
            Objects.requireNonNull(subprotocol, "subprotocol");
            Objects.requireNonNull(controllerId, "controllerId");
        }
    }

    /** Answer with this HTTP status and no upgrade. */
    public record Refuse(int httpStatus, String reason) implements Decision {
        public Refuse {
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("refusal needs a 4xx/5xx status: " + httpStatus);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Decides on an upgrade request.
     *
     * @param requestTarget    the request line's target, e.g. {@code /usp?eid=proto%3A%3Actl}
     * @param protocolHeaders  every {@code Sec-WebSocket-Protocol} header value, in order
     * @param extensionHeaders every {@code Sec-WebSocket-Extensions} header value, in order
     * @param configuredPath   the path the agent serves ({@code LocalAgent.MTP.{i}.WebSocket.Path})
     */
    public static Decision decide(String requestTarget, List<String> protocolHeaders, List<String> extensionHeaders,
            String configuredPath) {
        if (!pathOf(requestTarget).equals(configuredPath)) {
            return new Refuse(404, "no USP endpoint at " + pathOf(requestTarget));
        }
        if (!offersUspSubprotocol(protocolHeaders)) {
            return new Refuse(400, "Sec-WebSocket-Protocol does not offer " + USP_SUBPROTOCOL);
        }
        Optional<String> controllerId = queryEndpointId(requestTarget).or(() -> extensionEndpointId(extensionHeaders));
        return new Accept(USP_SUBPROTOCOL, controllerId.filter(EndpointIds::isValid));
    }

    /** The path part of a request target (no query, no fragment). */
    public static String pathOf(String requestTarget) {
        int end = requestTarget.length();
        int query = requestTarget.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = requestTarget.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return requestTarget.substring(0, end);
    }

    /** Whether any {@code Sec-WebSocket-Protocol} value lists {@code v1.usp} (a comma-separated token list). */
    public static boolean offersUspSubprotocol(List<String> protocolHeaders) {
        for (String header : protocolHeaders) {
            for (String token : header.split(",")) {
                // RFC 6455 4.1: subprotocol names are tokens and compare case-sensitively.
                if (token.strip().equals(USP_SUBPROTOCOL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value of the first {@code eid} query pair, percent-decoded as UTF-8 (R-WS.10b, R-WS.10c). */
    public static Optional<String> queryEndpointId(String requestTarget) {
        int query = requestTarget.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        int fragment = requestTarget.indexOf('#', query);
        String pairs = requestTarget.substring(query + 1, fragment < 0 ? requestTarget.length() : fragment);
        for (String pair : pairs.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals("eid")) {
                return percentDecode(pair.substring(equals + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code eid} parameter of the {@code bbf-usp-protocol} extension, parsed with RFC 6455 9.1's grammar
     * ({@code extension = token *( ";" token ["=" (token | quoted-string)] )}, extensions comma-separated, values
     * quoted-strings with backslash escapes, or bare values that may hold ':'). Empty when absent or when the header
     * does not parse.
     */
    public static Optional<String> extensionEndpointId(List<String> extensionHeaders) {
        for (String header : extensionHeaders) {
            List<Extension> extensions;
            try {
                extensions = parseExtensions(header);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (Extension extension : extensions) {
                if (extension.name().equalsIgnoreCase(USP_EXTENSION)) {
                    for (String[] parameter : extension.parameters()) {
                        if (parameter[0].equalsIgnoreCase("eid") && parameter[1] != null) {
                            return Optional.of(parameter[1]);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** One parsed extension: its name and its parameters as {name, value-or-null} pairs. */
    record Extension(String name, List<String[]> parameters) {
    }

    /** Parses one {@code Sec-WebSocket-Extensions} value; throws IllegalArgumentException when it is malformed. */
    static List<Extension> parseExtensions(String header) {
        List<Extension> result = new ArrayList<>();
        Scanner in = new Scanner(header);
        do {
            in.skipSpaces();
            String name = in.token();
            List<String[]> parameters = new ArrayList<>();
            in.skipSpaces();
            while (in.consume(';')) {
                in.skipSpaces();
                String parameter = in.token();
                in.skipSpaces();
                String value = null;
                if (in.consume('=')) {
                    in.skipSpaces();
                    value = in.peek() == '"' ? in.quotedString() : in.bareValue();
                    in.skipSpaces();
                }
                parameters.add(new String[] {parameter, value});
            }
            result.add(new Extension(name, List.copyOf(parameters)));
        } while (in.consume(','));
        in.skipSpaces();
        if (!in.atEnd()) {
            throw new IllegalArgumentException("unexpected '" + in.peek() + "' in extension header");
        }
        return result;
    }

    private static Optional<String> percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7F) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** A cursor over a header value for the RFC 7230 token / quoted-string grammar. */
    private static final class Scanner {
        private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";
        private final String text;
        private int position;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(position);
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        boolean consume(char c) {
            if (!atEnd() && peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        String token() {
            int start = position;
            while (!atEnd() && peek() > 0x20 && peek() < 0x7F && SEPARATORS.indexOf(peek()) < 0) {
                position++;
            }
            if (start == position) {
                throw new IllegalArgumentException("token expected at " + position);
            }
            return text.substring(start, position);
        }

        /**
         * An unquoted parameter value. Laxer than RFC 6455's token: it may hold ':' and '/', because an Endpoint ID
         * always has "::" and some clients send it unquoted.
         */
        String bareValue() {
            int start = position;
            while (!atEnd() && peek() > 0x20 && peek() < 0x7F && ",;\"".indexOf(peek()) < 0) {
                position++;
            }
            if (start == position) {
                throw new IllegalArgumentException("value expected at " + position);
            }
            return text.substring(start, position);
        }

        String quotedString() {
            StringBuilder value = new StringBuilder();
            consume('"');
            while (!atEnd()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    c = text.charAt(position++);
                }
                value.append(c);
            }
            throw new IllegalArgumentException("unterminated quoted-string");
        }
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header (RFC 6750 2.1: the scheme is case-insensitive,
     * the token is token68 characters); empty when there is none, there are several, or it is malformed.
     */
    public static Optional<String> bearerToken(List<String> authorizationHeaders) {
        if (authorizationHeaders.size() != 1) {
            return Optional.empty();
        }
        String value = authorizationHeaders.get(0).strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.length() > 1024) {
            return Optional.empty();
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean token68 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
            if (!token68) {
                return Optional.empty();
            }
        }
        return Optional.of(token);
    }
}
