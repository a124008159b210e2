package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedNames} gives a name's UTF-8 bytes, the same array each time; the encoder and the response budget
 * that use it write and charge what protobuf does, for names of any text, the first time and once cached.
 */
class EncodedNamesTest {

    @Test
    void encodesOnceAndHandsOutTheSameBytes() {
        String name = "EncodedNamesTest.Name";
        byte[] first = EncodedNames.utf8(name);
        assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), first);
        assertSame(first, EncodedNames.utf8(new String(name.toCharArray())), "an equal name, cached");
        assertTrue(EncodedNames.size() <= EncodedNames.CAPACITY);
    }

    @Test
    void namesOfAnyTextEncodeAsProtobufBeforeAndAfterCaching() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("", "empty name");
        params.put("Küche☕\uD83D\uDE00", "non-ASCII name");
        params.put("Unpaired\uD800", "a lone surrogate becomes '?', as protobuf writes it");
        params.put("Plain", "x");
        UspMsg.Msg message = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("names").setMsgType(UspMsg.Header.MsgType.GET_RESP))
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setGetResp(
                        UspMsg.GetResp.newBuilder().addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder()
                                .setRequestedPath("Device.X.").addResolvedPathResults(
                                        UspMsg.GetResp.ResolvedPathResult.newBuilder().setResolvedPath("Device.X.")
                                                .putAllResultParams(params))))))
                .build();
        byte[] expected = message.toByteArray();
        for (int pass = 0; pass < 2; pass++) {
            var payload = MessagePayload.of(message);
            byte[] out = new byte[payload.size()];
            payload.writeTo(out, 0);
            assertArrayEquals(expected, out, "pass " + pass);
        }
        for (Map.Entry<String, String> entry : params.entrySet()) {
            ResponseBudget budget = ResponseBudget.unlimited();
            budget.chargeEntry(entry.getKey(), entry.getValue());
            // A map entry's framing (6) plus each string's tag, length and bytes, as protobuf measures them.
            assertEquals(6 + 1 + CodedOutputStream.computeStringSizeNoTag(entry.getKey()) + 1
                    + CodedOutputStream.computeStringSizeNoTag(entry.getValue()), budget.used(), entry.getKey());
        }
    }
}
