package org.cpebridge.matter.onboarding;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text of a Matter QR code (Matter core spec 5.1.3): {@code "MT:"} followed by the base-38 encoding of 88 bits
 * packed least significant bit first: version (3), vendor id (16), product id (16), commissioning flow (2), discovery
 * capabilities (8), discriminator (12), passcode (27), padding (4). Optional TLV data after the 11 bytes is not
 * produced; on decode it is skipped. {@link #symbol} draws the text as a QR symbol with {@code io.nayuki:qrcodegen}.
 */
public final class QrCodePayload {

    /** The prefix every Matter QR payload starts with. */
    public static final String PREFIX = "MT:";

    /**
     * The largest symbol {@link #symbol} draws: a payload with optional TLV data fits, and version 5 (37 modules plus
     * the quiet zone) still fits an 80-column terminal.
     */
    public static final int MAX_SYMBOL_VERSION = 5;

    private static final int PACKED_LENGTH = 11;
    private static final int[] FIELD_BITS = {3, 16, 16, 2, 8, 12, 27, 4};

    private QrCodePayload() {
    }

    /**
     * Encodes a payload a device may advertise.
     *
     * @throws IllegalArgumentException if {@link SetupPayload#requireCommissionable()} fails
     */
    public static String encode(SetupPayload payload) {
        return encodeUnchecked(payload.requireCommissionable());
    }

    /**
     * The QR symbol of a payload text: byte mode, error correction M (not raised when a higher level would fit), the
     * smallest version, the mask with the lowest penalty.
     *
     * @throws IllegalArgumentException if the text is not ASCII or needs more than version {@value #MAX_SYMBOL_VERSION}
     */
    public static QrCode symbol(String text) {
        return symbol(text, QrCode.Ecc.MEDIUM);
    }

    static QrCode symbol(String text, QrCode.Ecc errorCorrection) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("QR text must be ASCII");
        }
        QrSegment bytes = QrSegment.makeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return QrCode.encodeSegments(List.of(bytes), errorCorrection, 1, MAX_SYMBOL_VERSION, -1, false);
    }

    static String encodeUnchecked(SetupPayload payload) {
        long[] values = {payload.version(), payload.vendorId(), payload.productId(), payload.flow().code(),
            payload.discoveryCapabilities(), payload.discriminator(), payload.passcode(), 0};
        byte[] packed = new byte[PACKED_LENGTH];
        int bit = 0;
        for (int field = 0; field < FIELD_BITS.length; field++) {
            for (int i = 0; i < FIELD_BITS[field]; i++, bit++) {
                if ((values[field] >> i & 1) != 0) {
                    packed[bit / 8] |= (byte) (1 << (bit % 8));
                }
            }
        }
        return PREFIX + Base38.encode(packed);
    }

    /**
     * Decodes one QR payload. Field values are returned as found; check {@link SetupPayload#requireCommissionable()}
     * before trusting them.
     *
     * @throws OnboardingPayloadException on a missing prefix, bad base-38, too few bytes, non-zero padding or the
     *     reserved commissioning flow
     */
    public static SetupPayload decode(String text) throws OnboardingPayloadException {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new OnboardingPayloadException("QR payload does not start with MT:");
        }
        String body = text.substring(PREFIX.length());
        if (body.indexOf('*') >= 0) {
            throw new OnboardingPayloadException("concatenated QR payloads are not supported here");
        }
        byte[] packed = Base38.decode(body);
        if (packed.length < PACKED_LENGTH) {
            throw new OnboardingPayloadException("QR payload holds " + packed.length + " bytes, needs 11");
        }
        long[] values = new long[FIELD_BITS.length];
        int bit = 0;
        for (int field = 0; field < FIELD_BITS.length; field++) {
            for (int i = 0; i < FIELD_BITS[field]; i++, bit++) {
                if ((packed[bit / 8] >> (bit % 8) & 1) != 0) {
                    values[field] |= 1L << i;
                }
            }
        }
        if (values[7] != 0) {
            throw new OnboardingPayloadException("QR payload padding bits are not zero");
        }
        return new SetupPayload((int) values[0], (int) values[1], (int) values[2],
                CommissioningFlow.fromCode((int) values[3]), (int) values[4], (int) values[5], values[6]);
    }
}
