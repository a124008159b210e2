package org.cpebridge.matter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.matter.attestation.AttestationSettings;
import org.cpebridge.matter.dnssd.DnsSdSettings;
import org.cpebridge.matter.onboarding.Passcodes;

/** Configuration keys of the Matter face. */
public final class MatterSettings {

    /** The UDP port of the Matter node (Matter core: 5540). */
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("matter.port", 5540, 0, 65535,
            "UDP port of the Matter node (0 picks a free port, for tests)");

    /** A fixed setup passcode instead of the one generated at first start. */
    public static final ConfigKey<Long> PASSCODE = ConfigKey.of("matter.passcode", "8-digit passcode", null,
            "Setup passcode (1..99999998, not a trivial one such as 11111111 or 12345678); by default one is "
                    + "generated at first start and kept in the data directory",
            text -> {
                long passcode;
                try {
                    passcode = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an 8-digit number");
                }
                if (!Passcodes.isValid(passcode)) {
                    throw new IllegalArgumentException("the Matter specification forbids this passcode");
                }
                return passcode;
            }).secret();

    /** A fixed 12-bit discriminator instead of the one generated at first start. */
    public static final ConfigKey<Integer> DISCRIMINATOR = ConfigKey.of("matter.discriminator", "integer 0..4095",
            null, "12-bit discriminator that tells this bridge apart while pairing; by default generated at first "
                    + "start and kept",
            text -> {
                int value;
                try {
                    value = Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected an integer");
                }
                if (value < 0 || value > 0xFFF) {
                    throw new IllegalArgumentException("must be between 0 and 4095");
                }
                return value;
            });

    /** Vendor id in Basic Information, the onboarding payload and DNS-SD; 0xFFF1 is a test vendor. */
    public static final ConfigKey<Integer> VENDOR_ID = ConfigKey.integer("matter.vendorId", 0xFFF1, 1, 0xFFF4,
            "Vendor id (decimal); 65521 = 0xFFF1, a Matter test vendor, until a product has its own");

    public static final ConfigKey<Integer> PRODUCT_ID = ConfigKey.integer("matter.productId", 0x8000, 1, 0xFFFF,
            "Product id (decimal); 32768 = 0x8000 matches the test Certification Declaration");

    /** How long the basic commissioning window stays open (Matter core: at least 3 minutes, at most 15). */
    public static final ConfigKey<Duration> WINDOW = ConfigKey.duration("matter.commissioningWindow",
            Duration.ofMinutes(15), Duration.ofMinutes(3), Duration.ofMinutes(15),
            "How long the commissioning window stays open after start while the bridge has no fabric");

    /** The DN key of the commissionable advertisement. */
    public static final ConfigKey<String> DEVICE_NAME = ConfigKey.string("matter.deviceName", "cpe-bridge",
            "Device name shown by controllers while pairing (DNS-SD DN, at most 32 bytes)");

    /** Core devices left out of the Matter bridge, by core device id. */
    public static final ConfigKey<List<String>> EXCLUDE = ConfigKey.list("matter.exclude", List.of(),
            "Core device ids (e.g. dect:0F015E0001,zigbee:0x00158d0001a2b3c4) the Matter bridge leaves out");

    /** How long a bridged device's InvokeResponse waits for the device's answer (matter.js waits about 7 s). */
    public static final ConfigKey<Duration> COMMAND_ANSWER_WAIT = ConfigKey.duration("matter.commandAnswerWait",
            Duration.ofSeconds(4), Duration.ofMillis(100), Duration.ofSeconds(6),
            "How long a command to a bridged device waits for the device's answer before it is answered TIMEOUT");

    /** The IM response timeout: how long a controller may take to send the message it owes in an interaction. */
    public static final ConfigKey<Duration> RESPONSE_TIMEOUT = ConfigKey.duration("matter.imResponseTimeout",
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "How long a controller may take to answer a report or a chunk before the bridge closes the interaction "
                    + "(a subscription whose report is never answered ends)");

    private MatterSettings() {
    }

    /** All keys of the Matter face. */
    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(PORT, PASSCODE, DISCRIMINATOR, VENDOR_ID, PRODUCT_ID,
                WINDOW, DEVICE_NAME, EXCLUDE, COMMAND_ANSWER_WAIT, RESPONSE_TIMEOUT));
        keys.addAll(DnsSdSettings.keys());
        keys.addAll(AttestationSettings.keys());
        return List.copyOf(keys);
    }
}
