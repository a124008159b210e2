package org.cpebridge.dect.hanfun;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.ule.Frame;
import org.junit.jupiter.api.Test;

/** Wire records compare by value, bytes included (STYLE.md 5). */
class RecordEqualityTest {
    private static final Bytes RED = Bytes.fromHex("01");
    private static final Bytes BLUE = Bytes.fromHex("0203");

    @Test
    void headerRecords() {
        EqualsVerifier.forClass(Address.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(InterfaceAddress.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(ResultCode.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(Packet.class).withPrefabValues(Bytes.class, RED, BLUE).suppress(Warning.NULL_FIELDS).verify();
    }

    @Test
    void payloadRecords() {
        EqualsVerifier.forClass(HanfunMessage.Raw.class).withPrefabValues(Bytes.class, RED, BLUE).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(HanfunMessage.CommandResponse.class).withPrefabValues(Bytes.class, RED, BLUE)
                .suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(Value.Octets.class).withPrefabValues(Bytes.class, RED, BLUE).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(Frame.Data.class).withPrefabValues(Bytes.class, RED, BLUE).suppress(Warning.NULL_FIELDS).verify();
    }
}
