package org.cpebridge.usp.mtp.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sans-I/O opening-handshake rules of TR-369 "WebSocket Binding" for the agent as server. */
class WebSocketHandshakeTest {
    private static final String PATH = "/usp";

    private static WebSocketHandshake.Decision decide(String target, List<String> protocols, List<String> extensions) {
        return WebSocketHandshake.decide(target, protocols, extensions, PATH);
    }

    @Test
    void acceptsV1UspAndAnswersIt() {
        // R-WS.9 / R-WS.11: the server answers v1.usp.
        assertEquals(new WebSocketHandshake.Accept("v1.usp", Optional.empty()),
                decide("/usp", List.of("v1.usp"), List.of()));
    }

    @Test
    void findsV1UspAmongOtherSubprotocols() {
        // RFC 6455 1.3's header shape "chat, superchat", with v1.usp in a list and in a second header line.
        assertTrue(WebSocketHandshake.offersUspSubprotocol(List.of("chat, v1.usp")));
        assertTrue(WebSocketHandshake.offersUspSubprotocol(List.of("chat, superchat", "v1.usp")));
        assertTrue(WebSocketHandshake.offersUspSubprotocol(List.of(" v1.usp ,chat")));
    }

    @Test
    void tp7_5_refusesWithoutTheUspSubprotocol() {
        // R-WS.12a (TP-469 7.5, deprecated as a test but still the rule): no Sec-WebSocket-Protocol, no session.
        assertEquals(400, ((WebSocketHandshake.Refuse) decide("/usp", List.of(), List.of())).httpStatus());
        // Subprotocol names compare case-sensitively (RFC 6455 4.1), and v1.usp-json or v2.usp are other protocols.
        assertEquals(400, ((WebSocketHandshake.Refuse) decide("/usp", List.of("V1.USP"), List.of())).httpStatus());
        assertEquals(400, ((WebSocketHandshake.Refuse) decide("/usp", List.of("v1.usp-json, v2.usp"), List.of()))
                .httpStatus());
        assertFalse(WebSocketHandshake.offersUspSubprotocol(List.of("")));
    }

    @Test
    void refusesAnotherPath() {
        // R-WS.2: the Endpoint is the resource at the configured path; the query does not count.
        assertEquals(404, ((WebSocketHandshake.Refuse) decide("/other", List.of("v1.usp"), List.of())).httpStatus());
        assertEquals(404, ((WebSocketHandshake.Refuse) decide("/usp/x", List.of("v1.usp"), List.of())).httpStatus());
        assertEquals(404, ((WebSocketHandshake.Refuse) decide("/", List.of("v1.usp"), List.of())).httpStatus());
        assertTrue(decide("/usp?x=1", List.of("v1.usp"), List.of()) instanceof WebSocketHandshake.Accept);
        assertEquals("/usp", WebSocketHandshake.pathOf("/usp#frag"));
    }

    @Test
    void readsTheControllerFromTheQuery() {
        // R-WS.10b: "eid=doc::agent" in the query, separated from other pairs by "&".
        assertEquals(Optional.of("doc::agent"), WebSocketHandshake.queryEndpointId("/usp?eid=doc::agent"));
        assertEquals(Optional.of("doc::agent"), WebSocketHandshake.queryEndpointId("/usp?a=1&eid=doc::agent&b=2"));
        // R-WS.10c: "doc::agent%21" is sent as "doc::agent%2521"; colons may be percent-encoded too.
        assertEquals(Optional.of("doc::agent%21"), WebSocketHandshake.queryEndpointId("/usp?eid=doc::agent%2521"));
        assertEquals(Optional.of("proto::ctl"), WebSocketHandshake.queryEndpointId("/usp?eid=proto%3A%3Actl"));
        assertEquals(Optional.empty(), WebSocketHandshake.queryEndpointId("/usp"));
        assertEquals(Optional.empty(), WebSocketHandshake.queryEndpointId("/usp?xeid=doc::a"));
        // Broken escapes and non-UTF-8 bytes name nobody.
        assertEquals(Optional.empty(), WebSocketHandshake.queryEndpointId("/usp?eid=doc::a%2"));
        assertEquals(Optional.empty(), WebSocketHandshake.queryEndpointId("/usp?eid=doc::a%zz"));
        assertEquals(Optional.empty(), WebSocketHandshake.queryEndpointId("/usp?eid=doc::a%FF"));
    }

    @Test
    void readsTheControllerFromTheDeprecatedExtension() {
        // R-WS.10a (USP 1.0-1.2): Sec-WebSocket-Extensions: bbf-usp-protocol; eid="<Endpoint ID>".
        assertEquals(Optional.of("proto::controller"), WebSocketHandshake.extensionEndpointId(
                List.of("bbf-usp-protocol; eid=\"proto::controller\"")));
        // Token value, other extensions around it (RFC 6455 9.1 example "foo, bar; baz=2"), a second header line.
        assertEquals(Optional.of("os::012345-1"), WebSocketHandshake.extensionEndpointId(
                List.of("foo, bar; baz=2", "permessage-deflate, bbf-usp-protocol;eid=os::012345-1")));
        // Quoted-string escapes.
        assertEquals(Optional.of("doc::a\"b"), WebSocketHandshake.extensionEndpointId(
                List.of("bbf-usp-protocol; eid=\"doc::a\\\"b\"")));
        assertEquals(Optional.empty(), WebSocketHandshake.extensionEndpointId(List.of("permessage-deflate")));
        assertEquals(Optional.empty(), WebSocketHandshake.extensionEndpointId(List.of("bbf-usp-protocol")));
        // Garbage headers are ignored, not fatal (R-WS.11c: the extension is optional).
        assertEquals(Optional.empty(), WebSocketHandshake.extensionEndpointId(List.of("bbf-usp-protocol; eid=\"x")));
        assertEquals(Optional.empty(), WebSocketHandshake.extensionEndpointId(List.of(";;,")));
        assertEquals(Optional.empty(), WebSocketHandshake.extensionEndpointId(List.of("bbf-usp-protocol; eid=")));
    }

    @Test
    void extensionGrammar() {
        // RFC 6455 9.1: extension-list = 1#extension; extension = token *( ";" extension-param ).
        List<WebSocketHandshake.Extension> parsed = WebSocketHandshake.parseExtensions(
                "mux; max-channels=4; flow-control, deflate-stream");
        assertEquals(2, parsed.size());
        assertEquals("mux", parsed.get(0).name());
        assertEquals("max-channels", parsed.get(0).parameters().get(0)[0]);
        assertEquals("4", parsed.get(0).parameters().get(0)[1]);
        assertEquals("flow-control", parsed.get(0).parameters().get(1)[0]);
        assertEquals(null, parsed.get(0).parameters().get(1)[1]);
        assertEquals("deflate-stream", parsed.get(1).name());
        assertThrows(IllegalArgumentException.class, () -> WebSocketHandshake.parseExtensions(""));
        assertThrows(IllegalArgumentException.class, () -> WebSocketHandshake.parseExtensions("a b"));
        assertThrows(IllegalArgumentException.class, () -> WebSocketHandshake.parseExtensions("a; =1"));
    }

    @Test
    void tp7_11_noExtensionIsNoError() {
        // R-WS.11c / TP-469 7.11: a request without bbf-usp-protocol is accepted; the Controller is learnt later.
        assertEquals(new WebSocketHandshake.Accept("v1.usp", Optional.empty()),
                decide("/usp", List.of("v1.usp"), List.of("permessage-deflate; client_max_window_bits")));
    }

    @Test
    void theQueryWinsOverTheExtensionAndInvalidIdsNameNobody() {
        assertEquals(new WebSocketHandshake.Accept("v1.usp", Optional.of("proto::from-query")),
                decide("/usp?eid=proto::from-query", List.of("v1.usp"),
                        List.of("bbf-usp-protocol; eid=\"proto::from-extension\"")));
        assertEquals(new WebSocketHandshake.Accept("v1.usp", Optional.of("proto::from-extension")),
                decide("/usp", List.of("v1.usp"), List.of("bbf-usp-protocol; eid=\"proto::from-extension\"")));
        // "nonsense" has no authority scheme (TR-369 "Endpoint Identifier").
        assertEquals(new WebSocketHandshake.Accept("v1.usp", Optional.empty()),
                decide("/usp?eid=nonsense", List.of("v1.usp"), List.of()));
    }

    @Test
    void refusalNeedsAnErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> new WebSocketHandshake.Refuse(200, "ok"));
    }

    /** RFC 6750 2.1 / RFC 7235 2.1: scheme case-insensitive, one token68; anything else is no token at all. */
    @org.junit.jupiter.api.Test
    void bearerTokenFromTheAuthorizationHeader() {
        assertEquals(java.util.Optional.of("abc-_.~+/="), WebSocketHandshake.bearerToken(
                java.util.List.of("Bearer abc-_.~+/=")));
        assertEquals(java.util.Optional.of("t0k"), WebSocketHandshake.bearerToken(java.util.List.of("bearer  t0k ")));
        for (String bad : new String[] {"", "Bearer", "Bearer ", "Basic dXNlcjpwdw==", "Bearer a b", "Bearer a,b",
                "Bearer \u00e9", "Bearer " + "x".repeat(1025)}) {
            assertEquals(java.util.Optional.empty(), WebSocketHandshake.bearerToken(java.util.List.of(bad)), bad);
        }
        assertEquals(java.util.Optional.empty(), WebSocketHandshake.bearerToken(java.util.List.of()));
        assertEquals(java.util.Optional.empty(), WebSocketHandshake.bearerToken(java.util.List.of("Bearer a",
                "Bearer b")));
    }
}
