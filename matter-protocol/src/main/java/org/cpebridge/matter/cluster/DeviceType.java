package org.cpebridge.matter.cluster;

import java.util.List;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * A device type an endpoint implements, as listed in Descriptor DeviceTypeList (DeviceTypeStruct: DeviceType tag 0,
 * Revision tag 1).
 */
public record DeviceType(long id, int revision) {

    /** Root Node, endpoint 0 (Device Library; revision as matter.js 1.4.1 declares it). */
    public static final DeviceType ROOT_NODE = new DeviceType(0x0016, 3);
    /** Aggregator, the bridge's endpoint 1. */
    public static final DeviceType AGGREGATOR = new DeviceType(0x000E, 2);
    /** Bridged Node, on every bridged device endpoint. */
    public static final DeviceType BRIDGED_NODE = new DeviceType(0x0013, 3);

    public DeviceType {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("device type id out of range: " + id);
        }
        if (revision < 1 || revision > 0xFFFF) {
            throw new IllegalArgumentException("device type revision out of range 1..0xFFFF: " + revision);
        }
    }

    /** The DeviceTypeStruct, anonymous. */
    public TlvElement toTlv() {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                new TlvElement.UnsignedInt(TlvTag.context(0), id),
                new TlvElement.UnsignedInt(TlvTag.context(1), revision)));
    }
}
