package org.cpebridge.dect.hanfun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Random payloads for every known interface, role, member and message type: decoding either yields a message or
 * fails with {@link HanfunException}, never with another exception (a bad device must not break the link).
 */
class MessageFuzzTest {
    private static final int[] INTERFACES = {InterfaceUid.DEVICE_MANAGEMENT, InterfaceUid.DEVICE_INFORMATION,
        InterfaceUid.ATTRIBUTE_REPORTING, InterfaceUid.KEEP_ALIVE, InterfaceUid.ALERT, InterfaceUid.ON_OFF,
        InterfaceUid.LEVEL_CONTROL, InterfaceUid.COLOUR_CONTROL, InterfaceUid.SIMPLE_POWER_METER,
        InterfaceUid.SIMPLE_TEMPERATURE, InterfaceUid.SIMPLE_HUMIDITY, InterfaceUid.SIMPLE_THERMOSTAT,
        InterfaceUid.SIMPLE_BUTTON, InterfaceUid.SIMPLE_VISUAL_EFFECTS};

    @Test
    void knownMessagesWithRandomPayloads() {
        Random random = new Random(2026);
        int decoded = 0;
        int rejected = 0;
        for (int itf : INTERFACES) {
            for (Role role : Role.values()) {
                for (MessageType type : MessageType.values()) {
                    for (int member : new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x0B, 0x0C, 0x10,
                        0xFE, 0xFF}) {
                        for (int round = 0; round < 12; round++) {
                            byte[] payload = new byte[random.nextInt(24)];
                            random.nextBytes(payload);
                            try {
                                HanfunMessage message = MessageCodec.decode(type, new InterfaceAddress(role, itf),
                                        member, Bytes.of(payload));
                                // whatever decoded must encode again without failing
                                message.payload();
                                decoded++;
                            } catch (HanfunException expected) {
                                rejected++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(INTERFACES.length * 2 * MessageType.values().length * 13 * 12, decoded + rejected);
    }
}
