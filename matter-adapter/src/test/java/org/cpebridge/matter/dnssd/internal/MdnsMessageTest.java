package org.cpebridge.matter.dnssd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Decoding what other responders send: an SRV whose target is a compression pointer into the message. */
class MdnsMessageTest {

    @Test
    void anSrvTargetCompressedAgainstTheMessageIsKeptUncompressed() {
        // A response with two answers, written out by hand: AAAA of "h1.local" (the name at offset 12), then the SRV
        // of "x._matter._tcp.local" whose "local" points at offset 15 and whose target "h1.local" is one pointer
        // to offset 12 (c00c).
        String hex = "0000" + "8400" + "0000" + "0002" + "0000" + "0000"
                // offset 12: 02 'h' '1' 05 'local' 00
                + "02" + "6831" + "05" + "6c6f63616c" + "00"
                + "001c" + "8001" + "00000078" + "0010" + "fd770000000000000000000000000002"
                // x._matter._tcp + pointer to "local" at offset 15 (c00f)
                + "01" + "78" + "07" + "5f6d6174746572" + "04" + "5f746370" + "c00f"
                + "0021" + "8001" + "00000078" + "0008" + "0000" + "0000" + "15a4" + "c00c";
        MdnsMessage message = MdnsMessage.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));

        DnsRawRecord srv = (DnsRawRecord) message.answers().get(1);
        assertEquals(DnsRecordType.SRV, srv.type());
        assertEquals("x._matter._tcp.local.", srv.name());
        assertArrayEquals(HexFormat.of().parseHex("0000" + "0000" + "15a4" + "02683105" + "6c6f63616c" + "00"),
                ByteBufUtil.getBytes(srv.content()), "priority, weight, port 5540, then h1.local written out");
    }
}
