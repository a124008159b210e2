package org.cpebridge.matter.dnssd;

/**
 * Publishes this node's Matter DNS-SD services on one network interface. At most one commissionable service at a
 * time and one operational service per fabric. Calling {@code advertise} again with changed data replaces what is
 * published (e.g. the commissioning window closes: the same service with {@link CommissioningMode#NOT_OPEN} drops
 * the {@code _CM} subtype). Withdrawing sends goodbye records (TTL 0). Methods hand their work to the mDNS layer's
 * own thread and return at once (a name still being probed is answered once probing ends); {@code close} waits
 * for its goodbyes to be sent. Thread-safe.
 */
public interface DnsSdAdvertiser extends AutoCloseable {

    /** Publishes or replaces the commissionable service. */
    void advertise(CommissionableService service) throws DnsSdException;

    /** Withdraws the commissionable service, if one is published. */
    void withdrawCommissionable();

    /** Publishes or replaces the operational service for its fabric and node id. */
    void advertise(OperationalService service) throws DnsSdException;

    /** Withdraws the operational service of a fabric (e.g. the fabric was removed), if one is published. */
    void withdrawOperational(long compressedFabricId, long nodeId);

    /** Withdraws everything and releases the sockets. */
    @Override
    void close();
}
