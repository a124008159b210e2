package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.tlv.TlvElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Matter face on IPv6 loopback: a commissioner establishes PASE with the passcode the face shows, then
 * reads Basic Information over the secure session; a session nobody established reads nothing.
 */
class ReadOverPaseIT {

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void aCommissionerReadsBasicInformationOverPase() throws Exception {
        List<String> shown = new ArrayList<>();
        MatterFace face = faces.start(new FileDurableStore(dataDir), shown::add, "matter.passcode=20202021",
                "matter.discriminator=3840");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"),
                face.node().localAddress().getPort());

        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            assertEquals(0, commissioner.pase(20202021L).generalCode().code());
            ImMessage.ReadRequest read = new ImMessage.ReadRequest(List.of(
                    AttributePathIb.of(0, BasicInformation.ID, BasicInformation.VENDOR_NAME),
                    AttributePathIb.of(0, BasicInformation.ID, BasicInformation.VENDOR_ID_ATTRIBUTE),
                    AttributePathIb.of(0, BasicInformation.ID, BasicInformation.PRODUCT_ID),
                    AttributePathIb.of(0, BasicInformation.ID, BasicInformation.SERIAL_NUMBER)),
                    List.of(), List.of(), true, List.of(), 12);
            commissioner.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, ImCodec.encode(read));
            Message reply = commissioner.receiveSecure();
            assertEquals(0x05, reply.protocolHeader().opcode(), "ReportData");
            ImMessage.ReportData report = assertInstanceOf(ImMessage.ReportData.class,
                    ImCodec.decode(0x05, reply.payload().toByteArray()));
            assertFalse(report.moreChunkedMessages());
            Map<Long, TlvElement> values = new java.util.HashMap<>();
            for (AttributeReportIb item : report.attributeReports()) {
                AttributeDataIb data = assertInstanceOf(AttributeDataIb.class, item, item.toString());
                values.put(data.path().attribute().orElseThrow(), data.data());
            }
            assertEquals("cpe-bridge project", ((TlvElement.Utf8) values.get(BasicInformation.VENDOR_NAME)).value());
            assertEquals(0xFFF1, ((TlvElement.UnsignedInt) values.get(BasicInformation.VENDOR_ID_ATTRIBUTE))
                    .value());
            assertEquals(0x8000, ((TlvElement.UnsignedInt) values.get(BasicInformation.PRODUCT_ID)).value());
            assertEquals("CPEB-TEST0001", ((TlvElement.Utf8) values.get(BasicInformation.SERIAL_NUMBER)).value());
        }
        assertTrue(shown.get(0).contains("3497-011-2332"));
    }
}
