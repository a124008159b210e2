package org.cpebridge.matter.tlv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.cpebridge.matter.tlv.TlvElement.Array;
import org.cpebridge.matter.tlv.TlvElement.Bool;
import org.cpebridge.matter.tlv.TlvElement.Float32;
import org.cpebridge.matter.tlv.TlvElement.Float64;
import org.cpebridge.matter.tlv.TlvElement.ListOf;
import org.cpebridge.matter.tlv.TlvElement.Null;
import org.cpebridge.matter.tlv.TlvElement.Octets;
import org.cpebridge.matter.tlv.TlvElement.SignedInt;
import org.cpebridge.matter.tlv.TlvElement.Structure;
import org.cpebridge.matter.tlv.TlvElement.UnsignedInt;
import org.cpebridge.matter.tlv.TlvElement.Utf8;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of Matter Core spec Appendix A.12 "TLV Encoding Examples": each encodes to exactly the listed octets
 * and decodes back to the same element. The 4-octet fully-qualified tag and common-profile tag rows are also used by
 * matter.js {@code packages/types/test/tlv/TlvCodecTest.ts}; the 2-octet ones by Tasmota's Matter_TLV self-test.
 */
class TlvSpecExamplesTest {

    private static final TlvTag ANON = TlvTag.anonymous();
    private static final int VENDOR = 0xFFF1;
    private static final int PROFILE = 0xDEED;

    static Stream<Arguments> examples() {
        return Stream.of(
                // Boolean false: control 0x08.
                row("Boolean false", "08", new Bool(ANON, false)),
                // Boolean true: control 0x09.
                row("Boolean true", "09", new Bool(ANON, true)),
                // Signed 1-octet 42: control 0x00, value 0x2a.
                row("Signed 1-octet 42", "002a", new SignedInt(ANON, 42)),
                // Signed 1-octet -17: control 0x00, value 0xef.
                row("Signed 1-octet -17", "00ef", new SignedInt(ANON, -17)),
                // Unsigned 1-octet 42U: control 0x04, value 0x2a.
                row("Unsigned 1-octet 42U", "042a", new UnsignedInt(ANON, 42)),
                // Signed 4-octet -170000: control 0x02, value f0 67 fd ff (LE).
                row("Signed 4-octet -170000", "02f067fdff", new SignedInt(ANON, -170000)),
                // Signed 8-octet 40000000000: control 0x03, value 00 90 2f 50 09 00 00 00 (LE).
                row("Signed 8-octet 40000000000", "0300902f5009000000", new SignedInt(ANON, 40000000000L)),
                // UTF-8 string, 1-octet length: control 0x0c, length 6, "Hello!".
                row("UTF-8 Hello!", "0c0648656c6c6f21", new Utf8(ANON, "Hello!")),
                // UTF-8 string, 1-octet length: control 0x0c, length 7 (ü is two octets), "Tschüs".
                row("UTF-8 Tschüs", "0c0754736368c3bc73", new Utf8(ANON, "Tschüs")),
                // Octet string, 1-octet length: control 0x10, length 5, 00 01 02 03 04.
                row("Octet string", "10050001020304", new Octets(ANON, Bytes.fromHex("0001020304"))),
                // Null: control 0x14.
                row("Null", "14", new Null(ANON)),
                // Single precision 0.0: control 0x0a, IEEE 754 LE.
                row("Float 0.0", "0a00000000", new Float32(ANON, 0.0f)),
                // Single precision 1/3.
                row("Float 1/3", "0aabaaaa3e", new Float32(ANON, 1.0f / 3)),
                // Single precision 17.9.
                row("Float 17.9", "0a33338f41", new Float32(ANON, 17.9f)),
                // Single precision +infinity.
                row("Float +inf", "0a0000807f", new Float32(ANON, Float.POSITIVE_INFINITY)),
                // Single precision -infinity.
                row("Float -inf", "0a000080ff", new Float32(ANON, Float.NEGATIVE_INFINITY)),
                // Double precision 0.0: control 0x0b.
                row("Double 0.0", "0b0000000000000000", new Float64(ANON, 0.0)),
                // Double precision 1/3.
                row("Double 1/3", "0b555555555555d53f", new Float64(ANON, 1.0 / 3)),
                // Double precision 17.9.
                row("Double 17.9", "0b6666666666e63140", new Float64(ANON, 17.9)),
                // Double precision +infinity.
                row("Double +inf", "0b000000000000f07f", new Float64(ANON, Double.POSITIVE_INFINITY)),
                // Double precision -infinity.
                row("Double -inf", "0b000000000000f0ff", new Float64(ANON, Double.NEGATIVE_INFINITY)),
                // Empty structure: 0x15 then end-of-container 0x18.
                row("Empty structure", "1518", new Structure(ANON, List.of())),
                // Empty array: 0x16 0x18.
                row("Empty array", "1618", new Array(ANON, List.of())),
                // Empty list: 0x17 0x18.
                row("Empty list", "1718", new ListOf(ANON, List.of())),
                // Structure {0 = 42, 1 = -17}: 0x15, (0x20 ctx 0, 0x2a), (0x20 ctx 1, 0xef), 0x18.
                row("Structure two context tags", "1520002a2001ef18", new Structure(ANON, List.of(
                        new SignedInt(TlvTag.context(0), 42), new SignedInt(TlvTag.context(1), -17)))),
                // Array [0, 1, 2, 3, 4] of signed 1-octet integers.
                row("Array of signed ints", "160000000100020003000418", new Array(ANON, List.of(
                        new SignedInt(ANON, 0), new SignedInt(ANON, 1), new SignedInt(ANON, 2),
                        new SignedInt(ANON, 3), new SignedInt(ANON, 4)))),
                // List [[1, 0 = 42, 2, 3, 0 = -17]]: anonymous and context tags mixed, context tag 0 repeated.
                row("List mixed tags", "17000120002a000200032000ef18", new ListOf(ANON, List.of(
                        new SignedInt(ANON, 1), new SignedInt(TlvTag.context(0), 42), new SignedInt(ANON, 2),
                        new SignedInt(ANON, 3), new SignedInt(TlvTag.context(0), -17)))),
                // Array [42, -170000, {}, 17.9, "Hello!"] of mixed element types.
                row("Array mixed types", "16002a02f067fdff15180a33338f410c0648656c6c6f2118", new Array(ANON, List.of(
                        new SignedInt(ANON, 42), new SignedInt(ANON, -170000), new Structure(ANON, List.of()),
                        new Float32(ANON, 17.9f), new Utf8(ANON, "Hello!")))),
                // Context tag 1 (0x20 | unsigned 0x04 = 0x24), tag octet 01, value 42U. Wrapped in a structure,
                // because context tags are only legal inside a structure or list.
                row("Context tag 1 = 42U", "1524012a18", new Structure(ANON, List.of(
                        new UnsignedInt(TlvTag.context(1), 42)))),
                // Common profile tag 1, 2 octets: control 0x44, tag 01 00, value 42U.
                row("Matter::1 = 42U", "4401002a", new UnsignedInt(new TlvTag.CommonProfile(1), 42)),
                // Common profile tag 100000, 4 octets: control 0x64, tag a0 86 01 00, value 42U.
                row("Matter::100000 = 42U", "64a08601002a", new UnsignedInt(new TlvTag.CommonProfile(100000), 42)),
                // Fully qualified 6-octet tag: control 0xc4, vendor f1 ff, profile ed de, tag 01 00, value 42U.
                row("65521::57069:1 = 42U", "c4f1ffedde01002a",
                        new UnsignedInt(new TlvTag.FullyQualified(VENDOR, PROFILE, 1), 42)),
                // Fully qualified 8-octet tag: control 0xe4, vendor f1 ff, profile ed de, tag ed fe 55 aa, 42U.
                row("65521::57069:2857762541 = 42U", "e4f1ffeddeedfe55aa2a",
                        new UnsignedInt(new TlvTag.FullyQualified(VENDOR, PROFILE, 0xAA55FEEDL), 42)),
                // Structure with fully qualified tag 65521::57069:1 holding 65521::57069:43605 = 42U.
                row("Structure fully qualified", "d5f1ffedde0100c4f1ffedde55aa2a18", new Structure(
                        new TlvTag.FullyQualified(VENDOR, PROFILE, 1), List.of(
                                new UnsignedInt(new TlvTag.FullyQualified(VENDOR, PROFILE, 0xAA55), 42)))));
    }

    private static Arguments row(String name, String hex, TlvElement element) {
        return Arguments.of(name, hex, element);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void encodesToTheSpecOctets(String name, String hex, TlvElement element) {
        assertEquals(hex, Bytes.of(element.encode()).hex());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void decodesTheSpecOctets(String name, String hex, TlvElement element) throws TlvException {
        assertEquals(element, TlvElement.decode(Bytes.fromHex(hex).toByteArray()));
    }
}
