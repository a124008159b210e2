package org.cpebridge.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a record's payload in the format a reader expects, and refusing any other. */
class StoredRecordTest {

    @Test
    void theExpectedFormatGivesThePayload() {
        StoredRecord record = new StoredRecord("usp/trust", 1, "{}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), record.payloadOfFormat(1));
        assertEquals("{}", record.textOfFormat(1));
    }

    @Test
    void anotherFormatIsRefusedNamingTheRecordAndBothVersions() {
        StoredRecord record = new StoredRecord("matter/fabrics", 2, new byte[] {1});
        StoreException refused = assertThrows(StoreException.class, () -> record.payloadOfFormat(1));
        assertEquals("matter/fabrics has format version 2; this build reads 1", refused.getMessage());
        assertThrows(StoreException.class, () -> record.textOfFormat(3));
    }

    @Test
    void thePayloadCannotBeChangedThroughWhatItHandsOut() {
        StoredRecord record = new StoredRecord("core/devices", 1, new byte[] {1, 2});
        record.payloadOfFormat(1)[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, record.payloadOfFormat(1));
    }
}
