package org.cpebridge.usp.mtp.websocket;

import org.cpebridge.bytes.Bytes;

/** What the WebSocket MTP tells the agent. Called on the executor the server was given, never concurrently. */
@FunctionalInterface
public interface WebSocketMtpListener {

    /** A Record from {@code peer}'s Controller arrived on its session; answers go back through {@code peer}. */
    void onRecord(WebSocketPeer peer, Bytes record);
}
