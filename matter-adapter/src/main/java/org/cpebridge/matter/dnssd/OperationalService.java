package org.cpebridge.matter.dnssd;

import java.util.Objects;

/**
 * What a commissioned node advertises as {@code _matter._tcp} for one fabric (Matter Core, "Operational
 * Discovery"): instance {@code <CompressedFabricId>-<NodeId>}, subtype {@code _I<CompressedFabricId>}.
 *
 * @param compressedFabricId the 64-bit compressed fabric identifier
 * @param nodeId             this node's 64-bit operational node id on that fabric
 * @param port               the UDP port of the Matter transport
 * @param mrp                the SII/SAI/SAT keys
 */
public record OperationalService(long compressedFabricId, long nodeId, int port, MrpParameters mrp) {

    public OperationalService {
        DnsSdNames.checkPort(port);
        Objects.requireNonNull(mrp, "mrp");
    }

    /** The instance name, {@code 2906C908D115D362-8FC7772401CD0696}. */
    public String instanceName() {
        return DnsSdNames.hex16(compressedFabricId) + "-" + DnsSdNames.hex16(nodeId);
    }
}
