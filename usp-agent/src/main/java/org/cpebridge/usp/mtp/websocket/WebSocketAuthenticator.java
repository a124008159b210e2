package org.cpebridge.usp.mtp.websocket;

import java.util.Optional;

/**
 * Says which Controller a bearer secret from the opening handshake's {@code Authorization} header belongs to. Called
 * on the WebSocket event loop; must be thread-safe and must not block.
 */
@FunctionalInterface
public interface WebSocketAuthenticator {
    /** The Endpoint ID of the Controller whose secret {@code bearerToken} is; empty when it is nobody's. */
    Optional<String> controllerFor(String bearerToken);
}
