package org.cpebridge.matter.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * The content of a Certification Declaration (Matter core spec 6.3.1): the TLV structure the CMS envelope signs.
 *
 * @param formatVersion always 1 in Matter 1.x
 * @param vendorId the certified vendor id
 * @param productIds the certified product ids, 1 to 100
 * @param deviceTypeId primary device type of the certified product
 * @param certificateId the CSA certificate id, 19 characters
 * @param securityLevel reserved, 0
 * @param securityInformation reserved, 0
 * @param versionNumber version of the declaration
 * @param certificationType 0 development and test, 1 provisional, 2 official
 * @param dacOriginVendorId vendor id the DAC carries when it differs (present with {@code dacOriginProductId})
 * @param dacOriginProductId product id the DAC carries when it differs
 * @param authorizedPaaList subject key ids of the PAAs allowed to root the DAC chain; empty when unrestricted
 */
public record CertificationElements(int formatVersion, int vendorId, List<Integer> productIds, long deviceTypeId,
                                    String certificateId, int securityLevel, int securityInformation,
                                    int versionNumber, int certificationType, OptionalInt dacOriginVendorId,
                                    OptionalInt dacOriginProductId, List<Bytes> authorizedPaaList) {

    /** Certification type of development and test declarations. */
    public static final int TYPE_DEVELOPMENT = 0;
    /** Certification type of provisional declarations. */
    public static final int TYPE_PROVISIONAL = 1;
    /** Certification type of official declarations. */
    public static final int TYPE_OFFICIAL = 2;

    private static final int MAX_PRODUCT_IDS = 100;
    private static final int MAX_AUTHORIZED_PAAS = 10;
    private static final int KEY_ID_LENGTH = 20;
    private static final int CERTIFICATE_ID_LENGTH = 19;

    public CertificationElements {
        checkRange("format version", formatVersion, 0, 0xFF);
        checkRange("vendor id", vendorId, 0, 0xFFFF);
        productIds = List.copyOf(productIds);
        if (productIds.isEmpty() || productIds.size() > MAX_PRODUCT_IDS) {
            throw new IllegalArgumentException("product id list must hold 1..100 ids, got " + productIds.size());
        }
        for (int productId : productIds) {
            checkRange("product id", productId, 0, 0xFFFF);
        }
        if (deviceTypeId < 0 || deviceTypeId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("device type id out of range: " + deviceTypeId);
        }
        Objects.requireNonNull(certificateId, "certificateId");
        if (certificateId.length() != CERTIFICATE_ID_LENGTH) {
            throw new IllegalArgumentException("certificate id must be 19 characters: " + certificateId);
        }
        checkRange("security level", securityLevel, 0, 0xFF);
        checkRange("security information", securityInformation, 0, 0xFFFF);
        checkRange("version number", versionNumber, 0, 0xFFFF);
        checkRange("certification type", certificationType, 0, 0xFF);
        Objects.requireNonNull(dacOriginVendorId, "dacOriginVendorId");
        Objects.requireNonNull(dacOriginProductId, "dacOriginProductId");
        if (dacOriginVendorId.isPresent() != dacOriginProductId.isPresent()) {
            throw new IllegalArgumentException("DAC origin vendor and product ids come together or not at all");
        }
        if (dacOriginVendorId.isPresent()) {
            checkRange("DAC origin vendor id", dacOriginVendorId.getAsInt(), 0, 0xFFFF);
            checkRange("DAC origin product id", dacOriginProductId.getAsInt(), 0, 0xFFFF);
        }
        authorizedPaaList = List.copyOf(authorizedPaaList);
        if (authorizedPaaList.size() > MAX_AUTHORIZED_PAAS) {
            throw new IllegalArgumentException("at most 10 authorized PAAs");
        }
        for (Bytes keyId : authorizedPaaList) {
            if (keyId.length() != KEY_ID_LENGTH) {
                throw new IllegalArgumentException("authorized PAA key id must be 20 bytes");
            }
        }
    }

    /** A development declaration for one product, without DAC origin or PAA restrictions. */
    public static CertificationElements development(int vendorId, int productId, long deviceTypeId,
                                                    String certificateId, int versionNumber) {
        return new CertificationElements(1, vendorId, List.of(productId), deviceTypeId, certificateId, 0, 0,
                versionNumber, TYPE_DEVELOPMENT, OptionalInt.empty(), OptionalInt.empty(), List.of());
    }

    /** The TLV encoding (spec 6.3.1), integers in their shortest form as connectedhomeip writes them. */
    public byte[] encode() {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous())
                .putUnsigned(TlvTag.context(0), formatVersion)
                .putUnsigned(TlvTag.context(1), vendorId)
                .startArray(TlvTag.context(2));
        for (int productId : productIds) {
            writer.putUnsigned(TlvTag.anonymous(), productId);
        }
        writer.endContainer()
                .putUnsigned(TlvTag.context(3), deviceTypeId)
                .putString(TlvTag.context(4), certificateId)
                .putUnsigned(TlvTag.context(5), securityLevel)
                .putUnsigned(TlvTag.context(6), securityInformation)
                .putUnsigned(TlvTag.context(7), versionNumber)
                .putUnsigned(TlvTag.context(8), certificationType);
        if (dacOriginVendorId.isPresent()) {
            writer.putUnsigned(TlvTag.context(9), dacOriginVendorId.getAsInt())
                    .putUnsigned(TlvTag.context(10), dacOriginProductId.getAsInt());
        }
        if (!authorizedPaaList.isEmpty()) {
            writer.startArray(TlvTag.context(11));
            authorizedPaaList.forEach(keyId -> writer.putBytes(TlvTag.anonymous(), keyId));
            writer.endContainer();
        }
        return writer.endContainer().toByteArray();
    }

    /**
     * Decodes CD content. Members must come in ascending tag order, mandatory ones present, integers within their
     * declared widths.
     *
     * @throws AttestationException {@code MALFORMED} otherwise
     */
    public static CertificationElements decode(byte[] encoded) throws AttestationException {
        long[] scalars = new long[11];
        boolean[] present = new boolean[12];
        List<Integer> productIds = new ArrayList<>();
        List<Bytes> paas = new ArrayList<>();
        String certificateId = null;
        int last = -1;
        for (TlvElement member : TlvStructs.members(encoded, "certification declaration content")) {
            int number = TlvStructs.contextNumber(member);
            if (number < 0 || number > 11) {
                throw new AttestationException(Reason.MALFORMED, "unexpected CD member " + member.tag());
            }
            if (number <= last) {
                throw new AttestationException(Reason.MALFORMED, "CD member " + number + " out of order");
            }
            last = number;
            present[number] = true;
            switch (number) {
                case 2 -> productIds = productIds(member);
                case 4 -> certificateId = TlvStructs.utf8(member, "certificate id");
                case 11 -> paas = authorizedPaas(member);
                default -> scalars[number] = TlvStructs.unsigned(member, maxOf(number), "CD member " + number);
            }
        }
        for (int mandatory = 0; mandatory <= 8; mandatory++) {
            if (!present[mandatory]) {
                throw new AttestationException(Reason.MALFORMED, "CD lacks member " + mandatory);
            }
        }
        try {
            return new CertificationElements((int) scalars[0], (int) scalars[1], productIds, scalars[3],
                    certificateId, (int) scalars[5], (int) scalars[6], (int) scalars[7], (int) scalars[8],
                    present[9] ? OptionalInt.of((int) scalars[9]) : OptionalInt.empty(),
                    present[10] ? OptionalInt.of((int) scalars[10]) : OptionalInt.empty(), paas);
        } catch (IllegalArgumentException e) {
            throw new AttestationException(Reason.MALFORMED, "CD content invalid: " + e.getMessage(), e);
        }
    }

    private static long maxOf(int tag) {
        return switch (tag) {
            case 0, 5, 8 -> 0xFF;
            case 3 -> 0xFFFF_FFFFL;
            default -> 0xFFFF;
        };
    }

    private static List<Integer> productIds(TlvElement member) throws AttestationException {
        if (!(member instanceof TlvElement.Array array)) {
            throw new AttestationException(Reason.MALFORMED, "CD product id list is not an array");
        }
        List<Integer> ids = new ArrayList<>();
        for (TlvElement id : array.members()) {
            ids.add((int) TlvStructs.unsigned(id, 0xFFFF, "product id"));
        }
        return ids;
    }

    private static List<Bytes> authorizedPaas(TlvElement member) throws AttestationException {
        if (!(member instanceof TlvElement.Array array)) {
            throw new AttestationException(Reason.MALFORMED, "CD authorized PAA list is not an array");
        }
        List<Bytes> ids = new ArrayList<>();
        for (TlvElement id : array.members()) {
            ids.add(TlvStructs.octets(id, "authorized PAA key id"));
        }
        return ids;
    }

    private static void checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max + ": " + value);
        }
    }
}
