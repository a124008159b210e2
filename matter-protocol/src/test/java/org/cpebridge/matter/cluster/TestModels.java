package org.cpebridge.matter.cluster;

import java.util.List;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.cluster.standard.BridgedDeviceBasicInformation;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/** Small data models for the engine tests. */
final class TestModels {

    /** Every cluster instance starts at this data version. */
    static final long START_VERSION = 0x1000;

    static final RandomGenerator FIXED = () -> START_VERSION;

    /** A test On/Off-like cluster 0x0006: OnOff (0, bool), a timed-write u8 (0x4001), a nullable u16 (0x4002). */
    static final ClusterSpec ON_OFF = ClusterSpec.builder(0x0006, "OnOff", 6)
            .attributes(
                    AttributeSpec.of(0x0000, "OnOff", DataType.BOOLEAN),
                    AttributeSpec.of(0x4001, "StartUpThing", DataType.UINT8).writable(Privilege.MANAGE).timedWrite(),
                    AttributeSpec.of(0x4002, "OnTime", DataType.UINT16).nullable().writable(Privilege.OPERATE))
            .commands(
                    CommandSpec.of(0x00, "Off", Privilege.OPERATE),
                    CommandSpec.of(0x01, "On", Privilege.OPERATE),
                    CommandSpec.of(0x02, "Toggle", Privilege.OPERATE),
                    CommandSpec.withResponse(0x40, "Echo", 0x41, Privilege.OPERATE),
                    CommandSpec.of(0x42, "Dangerous", Privilege.ADMINISTER).timedInvoke())
            .build();

    static final DeviceType ON_OFF_PLUG = new DeviceType(0x010A, 3);

    private TestModels() {
    }

    static TlvElement u(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

    static TlvElement s(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }

    static TlvElement bool(boolean value) {
        return new TlvElement.Bool(TlvTag.anonymous(), value);
    }

    /** Root node, aggregator on 1, plugs on 2 and 3; Basic Information and bridged names filled in. */
    static DataModel bridge() {
        DataModel model = new DataModel(FIXED);
        StandardEndpoints.addRootNode(model);
        StandardEndpoints.addAggregator(model);
        for (int endpoint = 2; endpoint <= 3; endpoint++) {
            StandardEndpoints.addBridgedDevice(model, endpoint, List.of(ON_OFF_PLUG), List.of(ON_OFF));
            ClusterInstance names = model.cluster(endpoint, BridgedDeviceBasicInformation.ID).orElseThrow();
            names.set(BasicInformation.NODE_LABEL, s("Plug " + endpoint));
            names.set(BasicInformation.REACHABLE, bool(true));
            names.set(BasicInformation.UNIQUE_ID, s("plug-" + endpoint));
            ClusterInstance onOff = model.cluster(endpoint, 6).orElseThrow();
            onOff.set(0, bool(false));
            onOff.set(0x4001, u(0));
            onOff.set(0x4002, new TlvElement.Null(TlvTag.anonymous()));
        }
        ClusterInstance basic = model.cluster(0, BasicInformation.ID).orElseThrow();
        basic.set(BasicInformation.VENDOR_NAME, s("cpe-bridge"));
        basic.set(BasicInformation.SOFTWARE_VERSION, u(1));
        model.updateDescriptors();
        return model;
    }
}
