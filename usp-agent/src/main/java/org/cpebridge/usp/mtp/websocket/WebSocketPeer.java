package org.cpebridge.usp.mtp.websocket;

import org.cpebridge.bytes.Bytes;

/** A Controller's open USP WebSocket session, as the agent sees it: who is there, and a way to send it a Record. */
public interface WebSocketPeer {

    /** The Controller's Endpoint ID. */
    String controllerId();

    /** Sends one Record in one binary frame; dropped with a log line if the session has closed meanwhile. */
    void send(Bytes record);
}
