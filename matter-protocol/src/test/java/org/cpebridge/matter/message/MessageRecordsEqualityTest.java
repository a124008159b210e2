package org.cpebridge.matter.message;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Records holding bytes compare by value (the reason for {@link Bytes}); EqualsVerifier checks the contract with
 * prefab values that satisfy the compact constructors' range checks.
 */
class MessageRecordsEqualityTest {

    private static final MessageHeader HEADER_A = MessageHeader.secureUnicast(1, 1);
    private static final MessageHeader HEADER_B = MessageHeader.unsecured(2);
    private static final ProtocolHeader PROTOCOL_A = ProtocolHeader.of(true, true, 0, 0x20, 1);
    private static final ProtocolHeader PROTOCOL_B = new ProtocolHeader(false, OptionalLong.of(5), false, 0x10, 2,
            OptionalInt.of(0xFFF1), 1, Optional.of(Bytes.fromHex("01")));

    @Test
    void messageComparesByValue() {
        EqualsVerifier.forClass(Message.class)
                .withPrefabValues(MessageHeader.class, HEADER_A, HEADER_B)
                .withPrefabValues(ProtocolHeader.class, PROTOCOL_A, PROTOCOL_B)
                .withPrefabValues(Bytes.class, Bytes.fromHex("01"), Bytes.fromHex("0203"))
                .withNonnullFields("header", "protocolHeader", "payload")
                .verify();
    }

    @Test
    void statusReportComparesByValue() {
        EqualsVerifier.forClass(StatusReport.class)
                .withPrefabValues(GeneralCode.class, GeneralCode.SUCCESS, GeneralCode.FAILURE)
                .withPrefabValues(Bytes.class, Bytes.fromHex("01"), Bytes.fromHex("0203"))
                .withNonnullFields("generalCode", "protocolData")
                .verify();
    }
}
