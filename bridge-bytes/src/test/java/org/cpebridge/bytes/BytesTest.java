package org.cpebridge.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void copiesOnTheWayIn() {
        byte[] source = {1, 2, 3};
        Bytes bytes = Bytes.of(source);
        Bytes range = Bytes.of(source, 1, 2);
        source[0] = 9;
        source[1] = 9;
        assertEquals(Bytes.fromHex("010203"), bytes);
        assertEquals(Bytes.fromHex("0203"), range);
    }

    @Test
    void adoptingTakesTheArrayItselfAndLendsItBackWithoutACopy() {
        byte[] fresh = {1, 2, 3};
        Bytes adopted = Bytes.adopting(fresh);
        assertSame(fresh, adopted.readOnlyArray(), "no copy on the way in or out");
        assertEquals(Bytes.fromHex("010203"), adopted);
        assertEquals(Bytes.of((byte) 1, (byte) 2, (byte) 3).hashCode(), adopted.hashCode());
        // What the documentation forbids, done here to show why it is forbidden: the array is the instance's bytes.
        fresh[0] = 9;
        assertEquals(Bytes.fromHex("090203"), adopted);
        assertSame(Bytes.EMPTY, Bytes.adopting(new byte[0]));
        assertThrows(NullPointerException.class, () -> Bytes.adopting(null));
    }

    @Test
    void readOnlyArrayOfACopiedInstanceIsItsOwnCopy() {
        byte[] source = {4, 5};
        Bytes copied = Bytes.of(source);
        byte[] lent = copied.readOnlyArray();
        assertFalse(lent == source, "of() copied on the way in");
        assertArrayEquals(source, lent);
        assertSame(lent, copied.readOnlyArray(), "lent, not copied");
    }

    @Test
    void copiesOnTheWayOut() {
        Bytes bytes = Bytes.of(new byte[] {1, 2, 3});
        byte[] out = bytes.toByteArray();
        out[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, bytes.toByteArray());
        byte[] target = {7, 7, 7, 7, 7};
        bytes.copyTo(target, 1);
        assertArrayEquals(new byte[] {7, 1, 2, 3, 7}, target);
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.copyTo(new byte[3], 1));
    }

    @Test
    void varargsAndRanges() {
        assertEquals(Bytes.fromHex("0aff"), Bytes.of((byte) 0x0A, (byte) 0xFF));
        assertSame(Bytes.EMPTY, Bytes.of());
        assertSame(Bytes.EMPTY, Bytes.of(new byte[0]));
        assertSame(Bytes.EMPTY, Bytes.of(new byte[] {1, 2}, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(new byte[] {1, 2}, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.of(new byte[] {1, 2}, -1, 1));
        assertThrows(NullPointerException.class, () -> Bytes.of((byte[]) null));
    }

    @Test
    void fromBufferCopiesTheRemainderWithoutMovingIt() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        buffer.position(1).limit(3);
        Bytes bytes = Bytes.of(buffer);
        assertEquals(Bytes.fromHex("0203"), bytes);
        assertEquals(1, buffer.position());
        buffer.put(1, (byte) 9);
        assertEquals(Bytes.fromHex("0203"), bytes);
        assertSame(Bytes.EMPTY, Bytes.of(ByteBuffer.allocate(0)));
    }

    @Test
    void hexRoundTrip() {
        Bytes bytes = Bytes.fromHex("00FFa5");
        assertEquals(3, bytes.length());
        assertEquals((byte) 0xFF, bytes.get(1));
        assertEquals(0xFF, bytes.getUnsigned(1));
        assertEquals("00ffa5", bytes.hex());
        assertEquals(bytes, Bytes.fromHex(bytes.hex()));
        assertSame(Bytes.EMPTY, Bytes.fromHex(""));
    }

    @Test
    void hexMayBeGroupedByField() {
        assertEquals(Bytes.fromHex("00040301003c"), Bytes.fromHex("0004 0301 | 00_3C\n"));
    }

    @Test
    void rejectsBadHex() {
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("0a-0b"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("0 a b"));
    }

    @Test
    void base64RoundTrip() {
        Bytes bytes = Bytes.fromHex("00ff10");
        assertEquals("AP8Q", bytes.toBase64());
        assertEquals(bytes, Bytes.fromBase64("AP8Q"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromBase64("*"));
    }

    @Test
    void indexIsChecked() {
        Bytes bytes = Bytes.of(new byte[] {1});
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.getUnsigned(1));
    }

    @Test
    void slices() {
        Bytes bytes = Bytes.fromHex("0102030405");
        assertEquals(Bytes.fromHex("0203"), bytes.slice(1, 3));
        assertSame(Bytes.EMPTY, bytes.slice(2, 2));
        assertEquals(bytes, bytes.slice(0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(0, 6));
    }

    @Test
    void bufferViewIsReadOnlyAndBigEndianUnlessTold() {
        Bytes bytes = Bytes.fromHex("01000000");
        ByteBuffer view = bytes.asByteBuffer();
        assertEquals(0x01000000, view.getInt(0));
        assertEquals(1, bytes.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
        assertEquals(Bytes.fromHex("01000000"), bytes);
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertTrue(Bytes.fromHex("0102").constantTimeEquals(Bytes.of((byte) 1, (byte) 2)));
        assertFalse(Bytes.fromHex("0102").constantTimeEquals(Bytes.fromHex("0103")));
        assertFalse(Bytes.fromHex("0102").constantTimeEquals(Bytes.fromHex("010200")));
    }

    @Test
    void valueEquality() {
        assertEquals(Bytes.of(new byte[] {1, 2}), Bytes.fromHex("0102"));
        assertEquals(Bytes.of(new byte[] {1, 2}).hashCode(), Bytes.fromHex("0102").hashCode());
        assertNotEquals(Bytes.of(new byte[] {1, 2}), Bytes.fromHex("0103"));
        assertNotEquals(Bytes.of(new byte[] {1}), Bytes.fromHex("0100"));
        assertTrue(Bytes.EMPTY.isEmpty());
        assertFalse(Bytes.fromHex("00").isEmpty());
    }

    @Test
    void toStringShowsShortStringsWholeAndLongOnesCut() {
        assertEquals("Bytes[0102]", Bytes.fromHex("0102").toString());
        assertEquals("Bytes[]", Bytes.EMPTY.toString());
        Bytes sixtyFour = Bytes.of(new byte[64]);
        assertEquals("Bytes[" + "00".repeat(64) + "]", sixtyFour.toString());
        Bytes hundred = Bytes.of(new byte[100]);
        assertEquals("Bytes[" + "00".repeat(64) + "...(100 bytes)]", hundred.toString());
    }

    @Test
    void equalsAndHashCodeFollowTheContract() {
        EqualsVerifier.forClass(Bytes.class).verify();
    }
}
