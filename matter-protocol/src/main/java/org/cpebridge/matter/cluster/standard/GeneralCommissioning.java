package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.BOOLEAN;
import static org.cpebridge.matter.cluster.DataType.ENUM8;
import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT64;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.Privilege;

/** General Commissioning cluster 0x0030, revision 2, endpoint 0; without the Terms-and-Conditions feature. */
public final class GeneralCommissioning {

    public static final long ID = 0x0030;
    public static final long BREADCRUMB = 0x00;
    public static final long BASIC_COMMISSIONING_INFO = 0x01;
    public static final long REGULATORY_CONFIG = 0x02;
    public static final long LOCATION_CAPABILITY = 0x03;
    public static final long SUPPORTS_CONCURRENT_CONNECTION = 0x04;

    public static final long ARM_FAIL_SAFE = 0x00;
    public static final long ARM_FAIL_SAFE_RESPONSE = 0x01;
    public static final long SET_REGULATORY_CONFIG = 0x02;
    public static final long SET_REGULATORY_CONFIG_RESPONSE = 0x03;
    public static final long COMMISSIONING_COMPLETE = 0x04;
    public static final long COMMISSIONING_COMPLETE_RESPONSE = 0x05;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "GeneralCommissioning", 2)
            .attributes(
                    AttributeSpec.of(BREADCRUMB, "Breadcrumb", UINT64).writable(Privilege.ADMINISTER),
                    AttributeSpec.of(BASIC_COMMISSIONING_INFO, "BasicCommissioningInfo", STRUCT).fixed(),
                    AttributeSpec.of(REGULATORY_CONFIG, "RegulatoryConfig", ENUM8),
                    AttributeSpec.of(LOCATION_CAPABILITY, "LocationCapability", ENUM8).fixed(),
                    AttributeSpec.of(SUPPORTS_CONCURRENT_CONNECTION, "SupportsConcurrentConnection", BOOLEAN)
                            .fixed())
            .commands(
                    CommandSpec.withResponse(ARM_FAIL_SAFE, "ArmFailSafe", ARM_FAIL_SAFE_RESPONSE,
                            Privilege.ADMINISTER),
                    CommandSpec.withResponse(SET_REGULATORY_CONFIG, "SetRegulatoryConfig",
                            SET_REGULATORY_CONFIG_RESPONSE, Privilege.ADMINISTER),
                    CommandSpec.withResponse(COMMISSIONING_COMPLETE, "CommissioningComplete",
                            COMMISSIONING_COMPLETE_RESPONSE, Privilege.ADMINISTER).fabricScopedInvoke())
            .build();

    private GeneralCommissioning() {
    }
}
