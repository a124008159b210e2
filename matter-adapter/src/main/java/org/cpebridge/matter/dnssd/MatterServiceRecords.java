package org.cpebridge.matter.dnssd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Matter's service records into DNS-SD instance names, subtypes and TXT maps (Matter Core, "Commissionable
 * Node Discovery", "Operational Discovery", "Common TXT Key/Value Pairs"). Pure: no I/O.
 *
 * <p>Formats: commissionable subtypes are decimal without leading zeros ({@code _L840}, {@code _S3},
 * {@code _V65521}, {@code _T22}) plus {@code _CM} while a window is open; the operational subtype is
 * {@code _I} and the compressed fabric id as 16 upper-case hex digits. TXT values are decimal; VP is
 * {@code vid+pid}. SII/SAI/SAT are optional in the spec (absent means the defaults); we always send them so a
 * controller never has to assume.
 */
public final class MatterServiceRecords {

    /** The commissionable node service type. */
    public static final String COMMISSIONABLE_SERVICE = "_matterc._udp";
    /** The operational node service type. */
    public static final String OPERATIONAL_SERVICE = "_matter._tcp";

    private MatterServiceRecords() {
    }

    /** The DNS-SD description of a commissionable node. */
    public static ServiceDescription commissionable(CommissionableService service) {
        List<String> subtypes = new ArrayList<>();
        subtypes.add("_L" + service.longDiscriminator());
        subtypes.add("_S" + service.shortDiscriminator());
        subtypes.add("_V" + service.vendorId());
        service.deviceType().ifPresent(type -> subtypes.add("_T" + type));
        if (service.mode().isOpen()) {
            subtypes.add("_CM");
        }

        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("D", Integer.toString(service.longDiscriminator()));
        txt.put("CM", Integer.toString(service.mode().txtValue()));
        txt.put("VP", service.vendorId() + "+" + service.productId());
        service.deviceType().ifPresent(type -> txt.put("DT", Long.toString(type)));
        service.deviceName().ifPresent(name -> txt.put("DN", name));
        if (service.pairingHint() != 0) {
            txt.put("PH", Integer.toString(service.pairingHint()));
        }
        service.pairingInstruction().ifPresent(text -> txt.put("PI", text));
        putMrp(txt, service.mrp());
        return new ServiceDescription(COMMISSIONABLE_SERVICE, service.instanceName(), subtypes, txt, service.port());
    }

    /** The DNS-SD description of a node operational on one fabric. */
    public static ServiceDescription operational(OperationalService service) {
        Map<String, String> txt = new LinkedHashMap<>();
        putMrp(txt, service.mrp());
        return new ServiceDescription(OPERATIONAL_SERVICE, service.instanceName(),
                List.of("_I" + DnsSdNames.hex16(service.compressedFabricId())), txt, service.port());
    }

    private static void putMrp(Map<String, String> txt, MrpParameters mrp) {
        txt.put("SII", Integer.toString(mrp.idleIntervalMs()));
        txt.put("SAI", Integer.toString(mrp.activeIntervalMs()));
        txt.put("SAT", Integer.toString(mrp.activeThresholdMs()));
    }
}
