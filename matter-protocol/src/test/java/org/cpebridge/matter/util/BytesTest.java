package org.cpebridge.matter.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void copiesOnTheWayIn() {
        byte[] source = {1, 2, 3};
        Bytes bytes = Bytes.of(source);
        source[0] = 9;
        assertEquals(1, bytes.get(0));
    }

    @Test
    void copiesOnTheWayOut() {
        Bytes bytes = Bytes.of(new byte[] {1, 2, 3});
        byte[] out = bytes.toByteArray();
        out[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, bytes.toByteArray());
    }

    @Test
    void hexRoundTrip() {
        Bytes bytes = Bytes.fromHex("00FFa5");
        assertEquals(3, bytes.length());
        assertEquals((byte) 0xFF, bytes.get(1));
        assertEquals("00ffa5", bytes.hex());
        assertEquals(bytes, Bytes.fromHex(bytes.hex()));
    }

    @Test
    void rejectsBadHex() {
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
    }

    @Test
    void indexIsChecked() {
        Bytes bytes = Bytes.of(new byte[] {1});
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.get(-1));
    }

    @Test
    void valueEquality() {
        assertEquals(Bytes.of(new byte[] {1, 2}), Bytes.fromHex("0102"));
        assertEquals(Bytes.of(new byte[] {1, 2}).hashCode(), Bytes.fromHex("0102").hashCode());
        assertNotEquals(Bytes.of(new byte[] {1, 2}), Bytes.fromHex("0103"));
        assertNotEquals(Bytes.of(new byte[] {1}), Bytes.fromHex("0100"));
        assertSame(Bytes.EMPTY, Bytes.of(new byte[0]));
        assertEquals("Bytes[0102]", Bytes.fromHex("0102").toString());
    }

    @Test
    void equalsAndHashCodeFollowTheContract() {
        EqualsVerifier.forClass(Bytes.class).verify();
    }
}
