package org.cpebridge.matter.dnssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MatterServiceRecordsTest {

    // Matter Core 1.2 section 4.3.1.13 "Examples" (commissionable node):
    //   dns-sd -R DD200C20D25AE5F7 _matterc._udp,_S3,_L840,_CM . 11111 D=840 CM=2
    // i.e. instance DD200C20D25AE5F7, subtypes _S3 _L840 _CM, port 11111, TXT "D=840" "CM=2".
    private static final String SPEC_INSTANCE = "DD200C20D25AE5F7";
    private static final int SPEC_PORT = 11111;
    private static final int SPEC_DISCRIMINATOR = 840;

    @Test
    void commissionableNodeMatchesTheSpecExample() {
        CommissionableService service = CommissionableService.of(SPEC_INSTANCE, SPEC_PORT, SPEC_DISCRIMINATOR,
                0xFFF1, 0x8000, CommissioningMode.ENHANCED);

        ServiceDescription description = MatterServiceRecords.commissionable(service);

        assertEquals("_matterc._udp", description.serviceType());
        assertEquals("DD200C20D25AE5F7._matterc._udp.local.", description.qualifiedInstanceName());
        assertEquals(SPEC_PORT, description.port());
        // The spec's three subtypes, plus _V<vendor> which the spec's example omits (it is optional, we send it).
        assertEquals(List.of("_L840", "_S3", "_V65521", "_CM"), description.subtypes());
        assertEquals(List.of("_L840._sub._matterc._udp.local.", "_S3._sub._matterc._udp.local.",
                "_V65521._sub._matterc._udp.local.", "_CM._sub._matterc._udp.local."),
                description.qualifiedSubtypeNames());
        // TXT starts with the spec's two strings, D=840 and CM=2.
        byte[] txt = description.encodedTxt();
        byte[] specPrefix = txtStrings("D=840", "CM=2");
        assertArrayEquals(specPrefix, java.util.Arrays.copyOf(txt, specPrefix.length));
    }

    @Test
    void commissionableTxtIsByteExactWithEveryKey() {
        CommissionableService service = new CommissionableService("0123456789ABCDEF", 5540, 3840, 0xFFF1, 0x8000,
                CommissioningMode.BASIC, OptionalLong.of(0x000E), Optional.of("cpe-bridge"), 33,
                Optional.empty(), new MrpParameters(5000, 300, 4000));

        ServiceDescription description = MatterServiceRecords.commissionable(service);

        // 3840 = 0xF00: short discriminator is the upper 4 bits, 15. Device type 0x000E (Aggregator) is _T14.
        assertEquals(List.of("_L3840", "_S15", "_V65521", "_T14", "_CM"), description.subtypes());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("D", "3840");          // long discriminator, decimal, no leading zeros
        expected.put("CM", "1");            // basic commissioning window open
        expected.put("VP", "65521+32768");  // vendor id + product id, decimal
        expected.put("DT", "14");           // device type, decimal
        expected.put("DN", "cpe-bridge");   // device name, UTF-8
        expected.put("PH", "33");           // pairing hint: power cycle (bit 0) + device manual (bit 5)
        expected.put("SII", "5000");        // session idle interval, ms
        expected.put("SAI", "300");         // session active interval, ms
        expected.put("SAT", "4000");        // session active threshold, ms
        assertEquals(expected, description.txt());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(description.txt().keySet()));
        assertArrayEquals(txtStrings("D=3840", "CM=1", "VP=65521+32768", "DT=14", "DN=cpe-bridge", "PH=33",
                "SII=5000", "SAI=300", "SAT=4000"), description.encodedTxt());
    }

    @Test
    void closedWindowDropsTheCmSubtypeAndSaysCm0() {
        CommissionableService open = CommissionableService.of(SPEC_INSTANCE, SPEC_PORT, 3840, 0xFFF1, 0x8000,
                CommissioningMode.BASIC);

        ServiceDescription closed = MatterServiceRecords.commissionable(open.withMode(CommissioningMode.NOT_OPEN));

        assertEquals(List.of("_L3840", "_S15", "_V65521"), closed.subtypes());
        assertEquals("0", closed.txt().get("CM"));
    }

    @Test
    void zeroDiscriminatorAndZeroHintAreWrittenWithoutPadding() {
        CommissionableService service = new CommissionableService(SPEC_INSTANCE, 5540, 0, 0, 0,
                CommissioningMode.BASIC, OptionalLong.empty(), Optional.empty(), 0, Optional.empty(),
                MrpParameters.DEFAULTS);

        ServiceDescription description = MatterServiceRecords.commissionable(service);

        assertEquals(List.of("_L0", "_S0", "_V0", "_CM"), description.subtypes());
        assertEquals("0", description.txt().get("D"));
        assertEquals("0+0", description.txt().get("VP"));
        assertEquals(null, description.txt().get("PH"), "PH=0 would be a hint with no bit set: omitted");
    }

    @Test
    void operationalNodeMatchesTheSpecExample() {
        // Matter Core section 4.3.2 (Operational Discovery) example: compressed fabric id 2906C908D115D362 and
        // node id 8FC7772401CD0696 give instance 2906C908D115D362-8FC7772401CD0696 and subtype _I2906C908D115D362.
        OperationalService service = new OperationalService(0x2906C908D115D362L, 0x8FC7772401CD0696L, 5540,
                MrpParameters.DEFAULTS);

        ServiceDescription description = MatterServiceRecords.operational(service);

        assertEquals("2906C908D115D362-8FC7772401CD0696._matter._tcp.local.", description.qualifiedInstanceName());
        assertEquals(List.of("_I2906C908D115D362"), description.subtypes());
        assertEquals(List.of("_I2906C908D115D362._sub._matter._tcp.local."), description.qualifiedSubtypeNames());
        assertArrayEquals(txtStrings("SII=500", "SAI=300", "SAT=4000"), description.encodedTxt());
    }

    @Test
    void operationalIdsArePaddedToSixteenUpperCaseHexDigits() {
        OperationalService service = new OperationalService(0x87E1B004E235A130L, 1L, 5540, MrpParameters.DEFAULTS);

        ServiceDescription description = MatterServiceRecords.operational(service);

        assertEquals("87E1B004E235A130-0000000000000001", description.instanceName());
        assertEquals(List.of("_I87E1B004E235A130"), description.subtypes());
    }

    @Test
    void emptyTxtIsOneEmptyString() {
        // RFC 6763 section 6.1: a TXT record with no keys is a single zero-length string.
        ServiceDescription description = new ServiceDescription("_x._udp", "a", List.of(), Map.of(), 1);

        assertArrayEquals(new byte[] {0}, description.encodedTxt());
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of("dd200c20d25ae5f7", 5540, 1, 1, 1, CommissioningMode.BASIC));
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of("DD200C20D25AE5F", 5540, 1, 1, 1, CommissioningMode.BASIC));
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of(SPEC_INSTANCE, 5540, 4096, 1, 1, CommissioningMode.BASIC));
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of(SPEC_INSTANCE, 5540, -1, 1, 1, CommissioningMode.BASIC));
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of(SPEC_INSTANCE, 5540, 1, 0x10000, 1, CommissioningMode.BASIC));
        assertThrows(IllegalArgumentException.class,
                () -> CommissionableService.of(SPEC_INSTANCE, 0, 1, 1, 1, CommissioningMode.BASIC));
        CommissionableService ok = CommissionableService.of(SPEC_INSTANCE, 5540, 1, 1, 1, CommissioningMode.BASIC);
        // DN is at most 32 bytes of UTF-8: 11 three-byte characters are 33 bytes.
        assertThrows(IllegalArgumentException.class, () -> ok.withDeviceName("\u20ac".repeat(11)));
        assertEquals("\u20ac".repeat(10), ok.withDeviceName("\u20ac".repeat(10)).deviceName().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new MrpParameters(3_600_001, 300, 4000));
        assertThrows(IllegalArgumentException.class, () -> new MrpParameters(500, -1, 4000));
        assertThrows(IllegalArgumentException.class, () -> new MrpParameters(500, 300, 65_536));
        assertThrows(IllegalArgumentException.class,
                () -> new ServiceDescription("_x._udp", "a", List.of(), Map.of("K", "v".repeat(254)), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ServiceDescription("_x._udp", "a", List.of(), Map.of("K=", "v"), 1));
    }

    private static byte[] txtStrings(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
