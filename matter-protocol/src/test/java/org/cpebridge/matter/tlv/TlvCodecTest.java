package org.cpebridge.matter.tlv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TlvCodecTest {

    private static final TlvTag ANON = TlvTag.anonymous();
    /** connectedhomeip TestTLV.cpp {@code TestProfile_1 = 0xAABBCCDD}: vendor 0xAABB, profile 0xCCDD. */
    private static final int VENDOR = 0xAABB;
    private static final int PROFILE = 0xCCDD;

    /** connectedhomeip {@code TestTLV.cpp sLargeString}, 270 characters. */
    private static final String LARGE_STRING = "START..."
            + "!123456789ABCDEF@123456789ABCDEF#123456789ABCDEF$123456789ABCDEF%123456789ABCDEF^123456789ABCDEF"
            + "&123456789ABCDEF*123456789ABCDEF"
            + "01234567(9ABCDEF01234567)9ABCDEF01234567-9ABCDEF01234567=9ABCDEF01234567[9ABCDEF01234567]9ABCDEF"
            + "01234567;9ABCDEF01234567'9ABCDEF"
            + "...END";

    /**
     * connectedhomeip {@code src/lib/core/tests/TestTLV.cpp}, array {@code Encoding1} (and its twin
     * {@code Encoding1_DataMacro}), annotated field by field: every tag form, 1/4/8-octet integers, a 2-octet string
     * length, float and double.
     */
    private static byte[] encoding1() {
        return Bytes.fromHex(String.join("",
                "d5bbaaddcc0100", // structure, fully qualified 6-octet tag 0xAABBCCDD:1
                "c9bbaaddcc0200", // boolean true, fully qualified 6-octet tag 0xAABBCCDD:2
                "880200", // boolean false, implicit profile 2-octet tag 2
                "3600", // array, context tag 0
                "002a", // signed 1-octet 42, anonymous
                "00ef", // signed 1-octet -17
                "02f067fdff", // signed 4-octet -170000
                "0700902f5009000000", // unsigned 8-octet 40000000000
                "1518", // empty anonymous structure
                "17", // list, anonymous
                "d4bbaaddcc1100", // null, fully qualified 6-octet tag 0xAABBCCDD:17
                "b4a0bb0d00", // null, implicit profile 4-octet tag 900000
                "14", // null, anonymous
                "b500286bee", // structure, implicit profile 4-octet tag 4000000000
                "6d701101000e01", // UTF-8 string with 2-octet length 270, common profile 4-octet tag 70000
                Bytes.of(LARGE_STRING.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hex(),
                "18", // end of structure 4000000000
                "18", // end of list
                "18", // end of array
                "ccbbaaddcc05000e", // UTF-8 string, 1-octet length 14, fully qualified 0xAABBCCDD:5
                "5468697320697320612074657374", // "This is a test"
                "8affff33338f41", // float 17.9, implicit profile 2-octet tag 65535
                "ab000001006666666666e63140", // double 17.9, implicit profile 4-octet tag 65536
                "18")) // end of outer structure
                .toByteArray();
    }

    /** The 381 bytes of TestTLV.cpp {@code Encoding1} exactly as listed there, to check the annotated form. */
    private static final String ENCODING_1_AS_LISTED = ""
            + "d5bbaaddcc0100c9bbaaddcc02008802003600002a00ef02f067fdff0700902f5009000000151817d4bbaaddcc1100b4"
            + "a0bb0d0014b500286bee6d701101000e0153544152542e2e2e2131323334353637383941424344454640313233343536"
            + "373839414243444546233132333435363738394142434445462431323334353637383941424344454625313233343536"
            + "3738394142434445465e313233343536373839414243444546263132333435363738394142434445462a313233343536"
            + "373839414243444546303132333435363728394142434445463031323334353637293941424344454630313233343536"
            + "372d3941424344454630313233343536373d3941424344454630313233343536375b3941424344454630313233343536"
            + "375d3941424344454630313233343536373b39414243444546303132333435363727394142434445462e2e2e454e4418"
            + "1818ccbbaaddcc05000e54686973206973206120746573748affff33338f41ab000001006666666666e6314018";

    private static void writeEncoding1(TlvWriter writer) {
        TlvTag.FullyQualified outerTag = new TlvTag.FullyQualified(VENDOR, PROFILE, 1);
        writer.startStructure(outerTag)
                .putBoolean(new TlvTag.FullyQualified(VENDOR, PROFILE, 2), true)
                .putBoolean(new TlvTag.ImplicitProfile(2), false)
                .startArray(TlvTag.context(0))
                .putSigned(ANON, 42)
                .putSigned(ANON, -17)
                .putSigned(ANON, -170000)
                .putUnsigned(ANON, 40000000000L)
                .startStructure(ANON).endContainer()
                .startList(ANON)
                .putNull(new TlvTag.FullyQualified(VENDOR, PROFILE, 17))
                .putNull(new TlvTag.ImplicitProfile(900000))
                .putNull(ANON)
                .startStructure(new TlvTag.ImplicitProfile(4000000000L))
                .putString(new TlvTag.CommonProfile(70000), LARGE_STRING)
                .endContainer()
                .endContainer()
                .endContainer()
                .putString(new TlvTag.FullyQualified(VENDOR, PROFILE, 5), "This is a test")
                .putFloat(new TlvTag.ImplicitProfile(65535), 17.9f)
                .putDouble(new TlvTag.ImplicitProfile(65536), 17.9)
                .endContainer();
    }

    @Test
    void annotatedEncoding1MatchesTheSdkListing() {
        assertEquals(ENCODING_1_AS_LISTED, Bytes.of(encoding1()).hex());
    }

    @Test
    void streamingWriterProducesEncoding1() {
        TlvWriter writer = new TlvWriter();
        writeEncoding1(writer);
        assertArrayEquals(encoding1(), writer.toByteArray());
    }

    @Test
    void encoding1DecodesToATreeThatReEncodesIdentically() throws TlvException {
        TlvElement tree = TlvElement.decode(encoding1());
        assertArrayEquals(encoding1(), tree.encode());
        TlvElement.Structure outer = (TlvElement.Structure) tree;
        assertEquals(new TlvTag.FullyQualified(VENDOR, PROFILE, 1), outer.tag());
        assertEquals(6, outer.members().size());
        TlvElement.Array array = (TlvElement.Array) outer.member(0).orElseThrow();
        assertEquals(new TlvElement.UnsignedInt(ANON, 40000000000L), array.members().get(3));
        TlvElement.ListOf list = (TlvElement.ListOf) array.members().get(5);
        TlvElement.Structure inner = (TlvElement.Structure) list.members().get(3);
        assertEquals(new TlvElement.Utf8(new TlvTag.CommonProfile(70000), LARGE_STRING), inner.members().get(0));
    }

    @Test
    void streamingReaderWalksEncoding1() throws TlvException {
        TlvReader reader = new TlvReader(encoding1());
        assertTrue(reader.next());
        assertEquals(TlvType.STRUCTURE, reader.type());
        reader.enterContainer();
        assertTrue(reader.next());
        assertTrue(reader.booleanValue());
        assertTrue(reader.next());
        assertFalse(reader.booleanValue());
        assertEquals(new TlvTag.ImplicitProfile(2), reader.tag());
        assertTrue(reader.next());
        assertEquals(TlvType.ARRAY, reader.type());
        // Not entered: the next call skips the whole array, list and inner structure included.
        assertTrue(reader.next());
        assertEquals("This is a test", reader.stringValue());
        assertTrue(reader.next());
        assertEquals(17.9f, reader.floatValue());
        assertTrue(reader.next());
        assertEquals(17.9, reader.doubleValue());
        assertFalse(reader.next());
        assertFalse(reader.next());
        reader.exitContainer();
        assertEquals(0, reader.depth());
        assertFalse(reader.next());
        assertEquals(encoding1().length, reader.position());
    }

    @Test
    void exitContainerSkipsUnreadMembers() throws TlvException {
        TlvReader reader = new TlvReader(encoding1());
        reader.next();
        reader.enterContainer();
        reader.next();
        reader.exitContainer();
        assertFalse(reader.next());
    }

    /** Minimal-length integer encoding; boundaries of TestTLV.cpp {@code WriteIntMinMax}. */
    @ParameterizedTest
    @CsvSource({
        "-128, 0080",
        "127, 007f",
        "128, 018000",
        "-129, 017fff",
        "-32768, 010080",
        "32767, 01ff7f",
        "32768, 0200800000",
        "-2147483648, 0200000080",
        "2147483647, 02ffffff7f",
        "2147483648, 030000008000000000",
        "-9223372036854775808, 030000000000000080",
        "9223372036854775807, 03ffffffffffffff7f",
        "0, 0000",
        "-1, 00ff",
    })
    void signedIntegersUseTheFewestOctets(long value, String hex) throws TlvException {
        assertEquals(hex, Bytes.of(new TlvWriter().putSigned(ANON, value).toByteArray()).hex());
        TlvReader reader = new TlvReader(Bytes.fromHex(hex).toByteArray());
        assertTrue(reader.next());
        assertEquals(value, reader.signedValue());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0400",
        "255, 04ff",
        "256, 050001",
        "65535, 05ffff",
        "65536, 0600000100",
        "4294967295, 06ffffffff",
        "4294967296, 070000000001000000",
        "18446744073709551615, 07ffffffffffffffff",
    })
    void unsignedIntegersUseTheFewestOctets(String value, String hex) throws TlvException {
        long raw = Long.parseUnsignedLong(value);
        assertEquals(hex, Bytes.of(new TlvWriter().putUnsigned(ANON, raw).toByteArray()).hex());
        TlvReader reader = new TlvReader(Bytes.fromHex(hex).toByteArray());
        assertTrue(reader.next());
        assertEquals(raw, reader.unsignedValue());
    }

    @Test
    void readerAcceptsWiderThanNeededIntegers() throws TlvException {
        // 42 as 8-octet signed and 8-octet unsigned: legal, just not minimal (Core spec A.7.1 allows any width).
        assertEquals(new TlvElement.SignedInt(ANON, 42), TlvElement.decode(Bytes.fromHex("032a00000000000000")
                .toByteArray()));
        assertEquals(new TlvElement.UnsignedInt(ANON, 42), TlvElement.decode(Bytes.fromHex("072a00000000000000")
                .toByteArray()));
        assertEquals(new TlvElement.SignedInt(ANON, -2), TlvElement.decode(Bytes.fromHex("01feff").toByteArray()));
    }

    @Test
    void stringLengthsOfTwoFourAndEightOctetsDecode() throws TlvException {
        // 0x0d: UTF-8 with 2-octet length; 0x12: octets with 4-octet length; 0x0f: UTF-8 with 8-octet length.
        assertEquals(new TlvElement.Utf8(ANON, "ab"), TlvElement.decode(Bytes.fromHex("0d02006162").toByteArray()));
        assertEquals(new TlvElement.Octets(ANON, Bytes.fromHex("0102")),
                TlvElement.decode(Bytes.fromHex("12020000000102").toByteArray()));
        assertEquals(new TlvElement.Utf8(ANON, "a"),
                TlvElement.decode(Bytes.fromHex("0f010000000000000061").toByteArray()));
    }

    @Test
    void longStringsGetTwoOctetLengths() throws TlvException {
        byte[] value = new byte[300];
        Arrays.fill(value, (byte) 7);
        byte[] encoded = new TlvWriter().putBytes(ANON, value).toByteArray();
        assertEquals("112c01", Bytes.of(Arrays.copyOf(encoded, 3)).hex());
        assertEquals(new TlvElement.Octets(ANON, Bytes.of(value)), TlvElement.decode(encoded));
    }

    @Test
    void everyTruncationOfEncoding1IsRejected() {
        byte[] full = encoding1();
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThrows(TlvException.class, () -> TlvElement.decode(prefix), "prefix of " + length + " bytes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0c05414243", // UTF-8 length 5, only 3 bytes follow
        "10ff", // octet string length 255, nothing follows
        "0fffffffffffffffff", // UTF-8 with 8-octet length 2^64-1
        "13ffffffffffffff7f00", // octet string with 8-octet length 2^63-1
        "02ffff", // 4-octet integer with 2 bytes
        "0b00000000", // double with 4 bytes
        "20", // context tag with no tag octet
        "c4f1ff", // fully qualified tag cut short
    })
    void badLengthsAndTruncationsAreRejected(String hex) {
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex(hex).toByteArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"19", "1a", "1b", "1c", "1d", "1e", "1f", "3f00"})
    void reservedElementTypesAreRejected(String hex) {
        TlvException e = assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex(hex).toByteArray()));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "1520002a", "16", "1715", "15200115"})
    void containersLeftOpenAreRejected(String hex) {
        TlvException e = assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex(hex).toByteArray()));
        assertTrue(e.getMessage().contains("open"), e.getMessage());
    }

    @Test
    void strayEndOfContainerIsRejected() {
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex("18").toByteArray()));
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex("151818").toByteArray()));
        // End of container must be anonymous (0x38 = context tag control on type 0x18).
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex("153800").toByteArray()));
    }

    @Test
    void trailingBytesAfterTheElementAreRejected() {
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex("0909").toByteArray()));
        assertThrows(TlvException.class, () -> TlvElement.decode(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "150918", // structure member with an anonymous tag
        "16240100" + "18", // array member with a context tag
        "240100", // context tag at top level
        "16" + "4401002a" + "18", // array member with a common profile tag
        "1524012a24012b18", // structure with context tag 1 twice
    })
    void misplacedTagsAreRejected(String hex) {
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex(hex).toByteArray()));
    }

    @Test
    void nestingDepthIsLimited() throws TlvException {
        byte[] deep = new byte[2 * (TlvReader.DEFAULT_MAX_DEPTH + 1)];
        Arrays.fill(deep, 0, TlvReader.DEFAULT_MAX_DEPTH + 1, (byte) 0x16);
        Arrays.fill(deep, TlvReader.DEFAULT_MAX_DEPTH + 1, deep.length, (byte) 0x18);
        TlvException e = assertThrows(TlvException.class, () -> TlvElement.decode(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());

        byte[] atLimit = Arrays.copyOfRange(deep, 1, deep.length - 1);
        assertEquals(TlvType.ARRAY, TlvElement.decode(atLimit).type());

        // Skipping without entering is limited the same way.
        TlvReader reader = new TlvReader(ByteBuffer.wrap(Bytes.fromHex("16161618181818").toByteArray()), 2);
        assertTrue(reader.next());
        assertThrows(TlvException.class, reader::next);
    }

    @Test
    void invalidUtf8IsRejected() {
        // 0xc3 starts a two-octet sequence that 0x28 does not continue.
        assertThrows(TlvException.class, () -> TlvElement.decode(Bytes.fromHex("0c02c328").toByteArray()));
    }

    @Test
    void randomGarbageOnlyEverFailsWithTlvException() {
        SplittableRandom random = new SplittableRandom(0x5EED);
        for (int round = 0; round < 20_000; round++) {
            byte[] garbage = new byte[random.nextInt(1, 40)];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) random.nextInt(256);
            }
            try {
                TlvElement element = TlvElement.decode(garbage);
                // Whatever decodes must re-decode to the same tree from its own encoding.
                assertEquals(element, TlvElement.decode(element.encode()));
            } catch (TlvException expected) {
                // Rejected with the typed exception: fine.
            }
        }
    }

    @Test
    void writerRefusesMisuse() {
        assertThrows(IllegalArgumentException.class, () -> new TlvWriter().startArray(ANON).putNull(TlvTag.context(1)));
        assertThrows(IllegalArgumentException.class, () -> new TlvWriter().startStructure(ANON).putNull(ANON));
        assertThrows(IllegalArgumentException.class, () -> new TlvWriter().putNull(TlvTag.context(1)));
        assertThrows(IllegalStateException.class, () -> new TlvWriter().endContainer());
        assertThrows(IllegalStateException.class, () -> new TlvWriter().startList(ANON).toByteArray());
        assertThrows(IllegalArgumentException.class, () -> TlvTag.context(256));
        assertThrows(IllegalArgumentException.class, () -> new TlvTag.CommonProfile(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> new TlvTag.FullyQualified(0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TlvElement.Structure(ANON,
                List.of(new TlvElement.Null(ANON))));
        assertThrows(IllegalArgumentException.class, () -> new TlvElement.Array(ANON,
                List.of(new TlvElement.Null(TlvTag.context(0)))));
    }

    @Test
    void readerRefusesWrongTypedGetter() throws TlvException {
        TlvReader reader = new TlvReader(Bytes.fromHex("042a").toByteArray());
        assertTrue(reader.next());
        assertThrows(IllegalStateException.class, reader::signedValue);
        assertEquals(42, reader.unsignedValue());
    }
}
