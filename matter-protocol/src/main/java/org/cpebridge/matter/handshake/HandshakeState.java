package org.cpebridge.matter.handshake;

/** A responder's state enum: each has its own waiting states and the two terminal ones. */
public interface HandshakeState {

    /** True once the handshake is established or failed; later events change nothing. */
    boolean isTerminal();
}
