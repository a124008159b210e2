package org.cpebridge.securetime.server;

/** Gives the online key to sign with at a given time. Called on the server thread only. */
@FunctionalInterface
public interface DelegationSource {

    OnlineKey current(long nowSeconds);
}
