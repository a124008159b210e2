package org.cpebridge.matter.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Core spec Appendix D StatusReport layout; codes from spec 4.11.1 (same values in matter.js
 * SecureChannelMessages).
 */
class StatusReportTest {

    @Test
    void sessionEstablishmentSuccess() throws MessageException {
        String encoded = "0000" // general code SUCCESS
                + "0000" + "0000" // protocol id 0 (Secure Channel), vendor 0
                + "0000"; // protocol code SESSION_ESTABLISHMENT_SUCCESS
        StatusReport report = StatusReport.secureChannel(GeneralCode.SUCCESS,
                SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS);
        assertEquals(encoded, Bytes.of(report.encode()).hex());
        assertEquals(report, StatusReport.decode(Bytes.fromHex(encoded).toByteArray()));
        assertEquals(Optional.of(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS), report.secureChannelStatus());
    }

    @Test
    void invalidParameterFailure() throws MessageException {
        String encoded = "0100" // general code FAILURE
                + "0000" + "0000" // Secure Channel
                + "0200"; // INVALID_PARAMETER
        StatusReport report = StatusReport.decode(Bytes.fromHex(encoded).toByteArray());
        assertEquals(GeneralCode.FAILURE, report.generalCode());
        assertEquals(Optional.of(SecureChannelStatus.INVALID_PARAMETER), report.secureChannelStatus());
        assertEquals(Bytes.EMPTY, report.protocolData());
    }

    @Test
    void busyCarriesTheWaitTime() throws MessageException {
        String encoded = "0800" // general code BUSY
                + "0000" + "0000" // Secure Channel
                + "0400" // protocol code BUSY
                + "f401"; // minimum wait 500 ms
        StatusReport report = StatusReport.busy(500);
        assertEquals(encoded, Bytes.of(report.encode()).hex());
        assertEquals(OptionalInt.of(500), StatusReport.decode(Bytes.fromHex(encoded).toByteArray()).busyWaitMillis());
        assertEquals(OptionalInt.empty(), StatusReport.secureChannel(GeneralCode.FAILURE,
                SecureChannelStatus.BUSY).busyWaitMillis());
    }

    @Test
    void otherProtocolAndUnknownCodesAreKept() throws MessageException {
        String encoded = "3412" // general code 0x1234, unknown
                + "0100" + "f1ff" // protocol 1 of vendor 0xFFF1
                + "cdab" // protocol code 0xABCD
                + "0102"; // data
        StatusReport report = StatusReport.decode(Bytes.fromHex(encoded).toByteArray());
        assertEquals(0x1234, report.generalCode().code());
        assertFalse(report.generalCode().isKnown());
        assertEquals("UNKNOWN(0x1234)", report.generalCode().name());
        assertEquals(0xFFF1, report.protocolVendorId());
        assertEquals(1, report.protocolId());
        assertEquals(0xABCD, report.protocolCode());
        assertEquals(Optional.empty(), report.secureChannelStatus());
        assertEquals(encoded, Bytes.of(report.encode()).hex());
    }

    @Test
    void truncatedReportsAreRejected() {
        byte[] full = Bytes.fromHex("0100000000000200").toByteArray();
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThrows(MessageException.class, () -> StatusReport.decode(prefix), "length " + length);
        }
    }

    @Test
    void opcodesAndCodesHaveNamesAndKeepUnknownValues() {
        assertEquals(0x10, SecureChannelOpcode.STANDALONE_ACK.code());
        assertEquals("STATUS_REPORT", new SecureChannelOpcode(0x40).name());
        assertTrue(new SecureChannelOpcode(0x33).isKnown());
        assertEquals("UNKNOWN(0x7f)", new SecureChannelOpcode(0x7F).name());
        assertEquals(new SecureChannelOpcode(0x7F), new SecureChannelOpcode(0x7F));
        assertEquals("SESSION_NOT_FOUND", SecureChannelStatus.SESSION_NOT_FOUND.name());
        assertEquals("UNKNOWN(0x0010)", new SecureChannelStatus(0x10).name());
        assertEquals("MESSAGE_TOO_LARGE", new GeneralCode(17).name());
        assertThrows(IllegalArgumentException.class, () -> new SecureChannelOpcode(0x100));
        assertThrows(IllegalArgumentException.class, () -> new GeneralCode(-1));
        assertThrows(IllegalArgumentException.class, () -> StatusReport.busy(0x10000));
    }
}
