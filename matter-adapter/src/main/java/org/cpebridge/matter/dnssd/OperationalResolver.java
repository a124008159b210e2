package org.cpebridge.matter.dnssd;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Finds where a node of a fabric answers now (Matter core 4.3.2 "operational discovery"): the SRV and AAAA records
 * of its instance {@code <compressed fabric id>-<node id>._matter._tcp.local} on this node's interface. The bridge
 * uses it to reach a subscriber whose IPv6 address changed while the bridge was down. Thread-safe; the work runs on
 * the mDNS layer's own thread.
 */
public interface OperationalResolver {

    /**
     * Resolves a node's operational instance.
     *
     * @param compressedFabricId the fabric's compressed fabric id
     * @param nodeId the node's operational node id
     * @param timeout how long to keep asking
     * @return the node's addresses with the SRV port, routable ones before link-local ones (which carry this
     *     interface as scope); an empty list when nobody answered within the timeout or the resolver is closed.
     *     Never completes exceptionally.
     */
    CompletableFuture<List<InetSocketAddress>> resolveOperational(long compressedFabricId, long nodeId,
                                                                  Duration timeout);

    /** The qualified instance name, {@code 2906C908D115D362-8FC7772401CD0696._matter._tcp.local.}. */
    static String qualifiedInstanceName(long compressedFabricId, long nodeId) {
        return DnsSdNames.hex16(compressedFabricId) + "-" + DnsSdNames.hex16(nodeId) + "._matter._tcp.local.";
    }
}
