package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import org.cpebridge.usp.message.MessagePayload;
import org.cpebridge.usp.message.ResponseBudget;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspRecord;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Record the agent sends around an answer ({@link RecordCodec#encodeMessage} of a {@link MessagePayload}) is byte
 * for byte protobuf's own encoding of the same Record (built with usp-record's generated classes around the Message's
 * {@code toByteArray()}), and {@link RecordCodec#messageRecordSize} its exact size: for the 243 kB Get answer of 200
 * DECT plugs, the mixed 200-device model, and a one-parameter Get.
 */
class AnswerRecordEncodingTest {
    private static final String AGENT = "os::012345-cpebridge";

    @TempDir
    Path dir;

    private static void assertSameAsProtobuf(UspMsg.Msg answer) {
        String controller = ProxiedDevicesFixture.HOUSEHOLD;
        byte[] expected = UspRecord.Record.newBuilder().setVersion(RecordEnvelope.CURRENT_VERSION)
                .setToId(controller).setFromId(AGENT)
                .setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder()
                        .setPayload(ByteString.copyFrom(answer.toByteArray())))
                .build().toByteArray();
        var payload = MessagePayload.of(answer);
        byte[] actual = new RecordCodec().encodeMessage(controller, AGENT, payload);
        assertArrayEquals(expected, actual);
        assertEquals(expected.length, RecordCodec.messageRecordSize(controller, AGENT, payload.size()));
    }

    @Test
    void largeAndSmallGetAnswers() throws Exception {
        try (ProxiedDevicesFixture plugs = new ProxiedDevicesFixture(dir.resolve("plugs"), 200, true, false);
                ProxiedDevicesFixture mixed = new ProxiedDevicesFixture(dir.resolve("mixed"), 200, false, false)) {
            UspMsg.Msg large = plugs.get(ProxiedDevicesFixture.HOUSEHOLD, 0, ResponseBudget.unlimited(),
                    "Device.ProxiedDevice.");
            assertTrue(large.getSerializedSize() > 200_000, "the 200-plug answer: " + large.getSerializedSize());
            assertSameAsProtobuf(large);
            assertSameAsProtobuf(mixed.get(ProxiedDevicesFixture.HOUSEHOLD, 0, ResponseBudget.unlimited(),
                    "Device.ProxiedDevice.", "Device.ProxiedDevice.*.Nope", "Device.Nope."));
            assertSameAsProtobuf(plugs.get(ProxiedDevicesFixture.HOUSEHOLD, 0, ResponseBudget.unlimited(),
                    "Device.ProxiedDevice.1.Name"));
        }
    }
}
