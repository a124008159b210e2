package org.cpebridge.matter.cluster.standard;

import static org.cpebridge.matter.cluster.DataType.FABRIC_INDEX;
import static org.cpebridge.matter.cluster.DataType.OCTET_STRING;
import static org.cpebridge.matter.cluster.DataType.STRUCT;
import static org.cpebridge.matter.cluster.DataType.UINT8;

import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.Privilege;

/** Node Operational Credentials cluster 0x003E, revision 1, endpoint 0. */
public final class OperationalCredentials {

    public static final long ID = 0x003E;
    public static final long NOCS = 0x00;
    public static final long FABRICS = 0x01;
    public static final long SUPPORTED_FABRICS = 0x02;
    public static final long COMMISSIONED_FABRICS = 0x03;
    public static final long TRUSTED_ROOT_CERTIFICATES = 0x04;
    public static final long CURRENT_FABRIC_INDEX = 0x05;

    public static final long ATTESTATION_REQUEST = 0x00;
    public static final long ATTESTATION_RESPONSE = 0x01;
    public static final long CERTIFICATE_CHAIN_REQUEST = 0x02;
    public static final long CERTIFICATE_CHAIN_RESPONSE = 0x03;
    public static final long CSR_REQUEST = 0x04;
    public static final long CSR_RESPONSE = 0x05;
    public static final long ADD_NOC = 0x06;
    public static final long UPDATE_NOC = 0x07;
    public static final long NOC_RESPONSE = 0x08;
    public static final long UPDATE_FABRIC_LABEL = 0x09;
    public static final long REMOVE_FABRIC = 0x0A;
    public static final long ADD_TRUSTED_ROOT_CERTIFICATE = 0x0B;

    public static final ClusterSpec SPEC = ClusterSpec.builder(ID, "OperationalCredentials", 1)
            .attributes(
                    // NOCStruct: NOC (1) and ICAC (2) are fabric-sensitive.
                    AttributeSpec.of(NOCS, "NOCs", STRUCT).fabricScoped().read(Privilege.ADMINISTER)
                            .sensitiveFields(1, 2),
                    AttributeSpec.of(FABRICS, "Fabrics", STRUCT).fabricScoped(),
                    AttributeSpec.of(SUPPORTED_FABRICS, "SupportedFabrics", UINT8).fixed(),
                    AttributeSpec.of(COMMISSIONED_FABRICS, "CommissionedFabrics", UINT8),
                    AttributeSpec.of(TRUSTED_ROOT_CERTIFICATES, "TrustedRootCertificates", OCTET_STRING).list(),
                    AttributeSpec.of(CURRENT_FABRIC_INDEX, "CurrentFabricIndex", FABRIC_INDEX))
            .commands(
                    CommandSpec.withResponse(ATTESTATION_REQUEST, "AttestationRequest", ATTESTATION_RESPONSE,
                            Privilege.ADMINISTER),
                    CommandSpec.withResponse(CERTIFICATE_CHAIN_REQUEST, "CertificateChainRequest",
                            CERTIFICATE_CHAIN_RESPONSE, Privilege.ADMINISTER),
                    CommandSpec.withResponse(CSR_REQUEST, "CSRRequest", CSR_RESPONSE, Privilege.ADMINISTER),
                    CommandSpec.withResponse(ADD_NOC, "AddNOC", NOC_RESPONSE, Privilege.ADMINISTER),
                    CommandSpec.withResponse(UPDATE_NOC, "UpdateNOC", NOC_RESPONSE, Privilege.ADMINISTER)
                            .fabricScopedInvoke(),
                    CommandSpec.withResponse(UPDATE_FABRIC_LABEL, "UpdateFabricLabel", NOC_RESPONSE,
                            Privilege.ADMINISTER).fabricScopedInvoke(),
                    CommandSpec.withResponse(REMOVE_FABRIC, "RemoveFabric", NOC_RESPONSE, Privilege.ADMINISTER),
                    CommandSpec.of(ADD_TRUSTED_ROOT_CERTIFICATE, "AddTrustedRootCertificate", Privilege.ADMINISTER))
            .build();

    private OperationalCredentials() {
    }
}
