package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;
import org.junit.jupiter.api.Test;

/**
 * {@link MessagePayload} writes byte for byte what protobuf writes for the same message ({@code toByteArray()}),
 * with the same size, for Get responses of every field shape and for the messages it leaves to protobuf.
 */
class MessagePayloadTest {

    private static void assertSameAsProtobuf(UspMsg.Msg message) {
        byte[] expected = message.toByteArray();
        Payload payload = MessagePayload.of(message);
        assertEquals(expected.length, payload.size(), "size");
        byte[] out = new byte[expected.length + 5];
        Arrays.fill(out, (byte) 0x5A);
        payload.writeTo(out, 3);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, 3 + expected.length));
        // Nothing written outside its range.
        assertEquals(0x5A, out[2]);
        assertEquals(0x5A, out[3 + expected.length]);
    }

    private static UspMsg.Msg getResp(String msgId, UspMsg.GetResp.Builder getResp) {
        return UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(UspMsg.Header.MsgType.GET_RESP))
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setGetResp(getResp)))
                .build();
    }

    private static UspMsg.GetResp.ResolvedPathResult.Builder resolved(String path, Map<String, String> params) {
        return UspMsg.GetResp.ResolvedPathResult.newBuilder().setResolvedPath(path).putAllResultParams(params);
    }

    @Test
    void smallGetResponse() {
        assertSameAsProtobuf(getResp("get-1", UspMsg.GetResp.newBuilder().addReqPathResults(
                UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device.LocalAgent.EndpointID")
                        .addResolvedPathResults(resolved("Device.LocalAgent.", Map.of("EndpointID", "os::1"))))));
    }

    @Test
    void everyFieldShape() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Empty", "");
        params.put("", "empty key");
        params.put("Unicode", "Küche ☕ \uD83D\uDE00");
        params.put("Unpaired", "a\uD800b");
        params.put("Long", "x".repeat(200));
        params.put("Longer", "y".repeat(20_000));
        UspMsg.GetResp.Builder getResp = UspMsg.GetResp.newBuilder()
                // An error: err_code and err_msg, no requested_path.
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder().setErrCode(7026)
                        .setErrMsg("Invalid path"))
                // A large err_code (every byte of the fixed32 used), an empty resolved path, an empty map.
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device.X.")
                        .setErrCode(0xF1E2D3C4).addResolvedPathResults(UspMsg.GetResp.ResolvedPathResult.newBuilder())
                        .addResolvedPathResults(resolved("Device.Y.", params)))
                // An empty requested path result.
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder());
        assertSameAsProtobuf(getResp("get-2", getResp));
    }

    @Test
    void emptyGetResponseAndNoHeader() {
        assertSameAsProtobuf(getResp("", UspMsg.GetResp.newBuilder()));
        assertSameAsProtobuf(UspMsg.Msg.newBuilder().setBody(UspMsg.Body.newBuilder().setResponse(
                UspMsg.Response.newBuilder().setGetResp(UspMsg.GetResp.newBuilder().addReqPathResults(
                        UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device."))))).build());
    }

    @Test
    void largeGetResponseWithLengthsOfThreeVarintBytes() {
        UspMsg.GetResp.RequestedPathResult.Builder requested = UspMsg.GetResp.RequestedPathResult.newBuilder()
                .setRequestedPath("Device.ProxiedDevice.");
        for (int device = 1; device <= 300; device++) {
            Map<String, String> params = new LinkedHashMap<>();
            for (int p = 0; p < 30; p++) {
                params.put("Parameter" + p, "value " + device + "/" + p);
            }
            requested.addResolvedPathResults(resolved("Device.ProxiedDevice." + device + ".", params));
        }
        UspMsg.Msg message = getResp("get-3", UspMsg.GetResp.newBuilder().addReqPathResults(requested));
        assertSameAsProtobuf(message);
        assertEquals(true, message.getSerializedSize() > 1 << 14, "a length of three varint bytes");
    }

    @Test
    void otherMessagesAreEncodedByProtobuf() {
        assertSameAsProtobuf(UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("e").setMsgType(UspMsg.Header.MsgType.ERROR))
                .setBody(UspMsg.Body.newBuilder().setError(UspMsg.Error.newBuilder().setErrCode(7005)
                        .setErrMsg("too large")))
                .build());
        assertSameAsProtobuf(UspMsg.Msg.newBuilder().setBody(UspMsg.Body.newBuilder().setResponse(
                UspMsg.Response.newBuilder().setSetResp(UspMsg.SetResp.newBuilder()))).build());
    }

    @Test
    void refusesAnArrayTooSmall() {
        Payload payload = MessagePayload.of(getResp("get-4", UspMsg.GetResp.newBuilder().addReqPathResults(
                UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device."))));
        assertThrows(IndexOutOfBoundsException.class, () -> payload.writeTo(new byte[payload.size()], 1));
    }
}
