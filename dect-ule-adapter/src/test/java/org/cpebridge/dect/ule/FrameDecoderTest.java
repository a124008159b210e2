package org.cpebridge.dect.ule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.Uid;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    /** Observed hf_node HELLO (reference notes A.5): length 0x1E, HELLO, versions 2/1/1, URI UID of 23 chars. */
    private static final Bytes NODE_HELLO = Bytes.fromHex(
            "001E"     // length = 2 + 28 data bytes
            + "0101"   // primitive HELLO
            + "02"     // core version
            + "01"     // profiles version
            + "01"     // interfaces version
            + "03"     // UID type URI
            + "17"     // UID length 23
            + "68663A2F2F6E6F64652E6578616D706C652E636F6D2F31"); // "hf://node.example.com/1"

    /** Observed registration response wrapped in a DATA frame (reference notes A.2 + A.5 framing). */
    private static final Bytes REGISTER_RESPONSE_DATA = Bytes.fromHex(
            "0014"     // length = 2 + 18-byte packet
            + "0201"   // primitive DATA
            + "0000 00 7FFF 00 0000 00 03 8001 01 0003 00 0001"); // HAN-FUN packet

    private static final Frame.Hello EXPECTED_HELLO = new Frame.Hello(2, 1, 1, new Uid.Uri("hf://node.example.com/1"));

    @Test
    void decodesObservedHelloAndReencodesIt() throws FrameException {
        List<Frame> frames = new FrameDecoder().offer(NODE_HELLO.toByteArray());
        assertEquals(List.of(EXPECTED_HELLO), frames);
        assertArrayEquals(NODE_HELLO.toByteArray(), FrameCodec.encode(EXPECTED_HELLO));
    }

    @Test
    void dataFrameCarriesThePacketBytes() throws FrameException {
        List<Frame> frames = new FrameDecoder().offer(REGISTER_RESPONSE_DATA.toByteArray());
        assertEquals(List.of(new Frame.Data(Bytes.fromHex("0000 00 7FFF 00 0000 00 03 8001 01 0003 00 0001"))),
                frames);
        assertArrayEquals(REGISTER_RESPONSE_DATA.toByteArray(), FrameCodec.encode(frames.get(0)));
    }

    @Test
    void reassemblesByteByByte() throws FrameException {
        byte[] stream = concat(NODE_HELLO.toByteArray(), REGISTER_RESPONSE_DATA.toByteArray(),
                NODE_HELLO.toByteArray());
        FrameDecoder decoder = new FrameDecoder();
        List<Frame> frames = new ArrayList<>();
        for (byte b : stream) {
            frames.addAll(decoder.offer(new byte[] {b}));
        }
        assertEquals(3, frames.size());
        assertEquals(EXPECTED_HELLO, frames.get(0));
        assertTrue(frames.get(1) instanceof Frame.Data);
        assertEquals(EXPECTED_HELLO, frames.get(2));
        assertFalse(decoder.hasPartialFrame());
    }

    @Test
    void reassemblesRandomChunks() throws FrameException {
        byte[] one = concat(NODE_HELLO.toByteArray(), REGISTER_RESPONSE_DATA.toByteArray());
        byte[] stream = concat(one, one, one, one, one);
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            FrameDecoder decoder = new FrameDecoder();
            List<Frame> frames = new ArrayList<>();
            int position = 0;
            while (position < stream.length) {
                int size = Math.min(1 + random.nextInt(40), stream.length - position);
                frames.addAll(decoder.offer(java.nio.ByteBuffer.wrap(stream, position, size)));
                position += size;
            }
            assertEquals(10, frames.size());
        }
    }

    @Test
    void emptyDataAndUnknownPrimitive() throws FrameException {
        List<Frame> frames = new FrameDecoder().offer(Bytes.fromHex("0002 0201" + "0004 0999 BEEF").toByteArray());
        assertEquals(List.of(new Frame.Data(Bytes.EMPTY), new Frame.Unknown(0x0999, Bytes.fromHex("BEEF"))), frames);
    }

    @Test
    void registrationWindowFrame() throws FrameException {
        assertEquals(Bytes.fromHex("0004 0301 003C"), Bytes.of(FrameCodec.encode(new Frame.Registration(60))));
        assertEquals(Bytes.fromHex("0004 0301 0000"), Bytes.of(FrameCodec.encode(new Frame.Registration(0))));
        assertEquals(List.of(new Frame.Registration(60), new Frame.Registration(0xFFFF)),
                new FrameDecoder().offer(Bytes.fromHex("0004 0301 003C" + "0004 0301 FFFF").toByteArray()));
        assertEquals(new Frame.Registration(0), FrameCodec.decode(Bytes.fromHex("0004 0301 0000").toByteArray()));
        assertThrows(FrameException.class, () -> FrameCodec.decode(Bytes.fromHex("0003 0301 00").toByteArray()));
        assertThrows(FrameException.class, () -> FrameCodec.decode(Bytes.fromHex("0005 0301 000000").toByteArray()));
        assertThrows(FrameException.class, () -> FrameCodec.decode(Bytes.fromHex("0004 0301 00").toByteArray()),
                "half a frame is not one");
        assertThrows(IllegalArgumentException.class, () -> new Frame.Registration(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new Frame.Registration(-1));
    }

    @Test
    void rejectsLengthBelowTwo() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        assertThrows(FrameException.class, () -> decoder.offer(Bytes.fromHex("0001 0201").toByteArray()));
        // the stream is out of step: the decoder stays failed
        assertThrows(FrameException.class, () -> decoder.offer(NODE_HELLO.toByteArray()));
    }

    @Test
    void rejectsOversizedLength() {
        assertThrows(FrameException.class, () -> new FrameDecoder().offer(Bytes.fromHex("FFFF 0201 00").toByteArray()));
        assertThrows(FrameException.class,
                () -> new FrameDecoder().offer(Bytes.fromHex("0403 0201").toByteArray())); // 1025 data bytes
    }

    @Test
    void rejectsMalformedHello() {
        // URI length 5 but 2 bytes present inside a complete frame
        assertThrows(FrameException.class,
                () -> new FrameDecoder().offer(Bytes.fromHex("0009 0101 020101 03 05 6866").toByteArray()));
        // HELLO without UID
        assertThrows(FrameException.class,
                () -> new FrameDecoder().offer(Bytes.fromHex("0005 0101 020101").toByteArray()));
    }

    @Test
    void partialFrameIsKept() throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        assertEquals(List.of(), decoder.offer(java.util.Arrays.copyOf(NODE_HELLO.toByteArray(), 10)));
        assertTrue(decoder.hasPartialFrame());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
