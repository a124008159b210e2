package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;

/**
 * {@link GetAnswerWriter} writes byte for byte what protobuf writes for the same {@code GetResp} (built here with the
 * generated builders, encoded with {@code toByteArray()}), for every field shape: non-ASCII and unpaired surrogates,
 * empty values and paths, lengths of one to three varint bytes at every nesting level, error results (also after
 * objects were written for the path), repeated paths, an object without parameters and a path without objects. Each
 * case also starts from the smallest array, so that every growth step is taken.
 */
class GetAnswerWriterTest {
    private static final UspMsg.Header HEADER = UspMsg.Header.newBuilder().setMsgId("get-7")
            .setMsgType(UspMsg.Header.MsgType.GET_RESP).build();

    private static UspMsg.Msg message(UspMsg.GetResp.Builder getResp) {
        return UspMsg.Msg.newBuilder().setHeader(HEADER)
                .setBody(UspMsg.Body.newBuilder().setResponse(UspMsg.Response.newBuilder().setGetResp(getResp)))
                .build();
    }

    private static byte[] bytes(GetAnswerWriter.Written written) {
        byte[] out = new byte[written.size() + 5];
        Arrays.fill(out, (byte) 0x5A);
        written.writeTo(out, 3);
        assertEquals(0x5A, out[2], "nothing written before its range");
        assertEquals(0x5A, out[3 + written.size()], "nothing written after its range");
        return Arrays.copyOfRange(out, 3, 3 + written.size());
    }

    private static void assertSameAsProtobuf(UspMsg.GetResp.Builder expected, GetAnswerWriter.Written written) {
        assertArrayEquals(message(expected).toByteArray(), bytes(written));
    }

    /** Writes {@code objects} (path to parameters) as one requested path's result. */
    private static GetAnswerWriter.Requested write(GetAnswerWriter out, String requested,
            Map<String, Map<String, String>> objects) {
        out.beginRequested(requested);
        objects.forEach((path, params) -> {
            assertEquals(path.getBytes(StandardCharsets.UTF_8).length, out.beginResolved(path));
            params.forEach((name, value) -> assertEquals(value.getBytes(StandardCharsets.UTF_8).length,
                    out.entry(name.getBytes(StandardCharsets.UTF_8), value), value));
        });
        return out.endRequested();
    }

    private static UspMsg.GetResp.RequestedPathResult.Builder expected(String requested,
            Map<String, Map<String, String>> objects) {
        UspMsg.GetResp.RequestedPathResult.Builder result = UspMsg.GetResp.RequestedPathResult.newBuilder()
                .setRequestedPath(requested);
        objects.forEach((path, params) -> result.addResolvedPathResults(
                UspMsg.GetResp.ResolvedPathResult.newBuilder().setResolvedPath(path).putAllResultParams(params)));
        return result;
    }

    @Test
    void everyFieldShape() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Empty", "");
        params.put("", "empty key");
        params.put("Unicode", "Küche ☕ \uD83D\uDE00");
        params.put("Latin1", "é");
        params.put("UnpairedHigh", "a\uD800b");
        params.put("UnpairedLow", "a\uDC00");
        params.put("HighAtEnd", "ab\uD83D");
        params.put("OnlySurrogates", "\uDC00\uD800");
        params.put("Long", "x".repeat(200));
        params.put("LongUnicode", "ü".repeat(70)); // 70 chars, 140 bytes: its length takes two bytes, its chars one
        params.put("Longer", "y".repeat(20_000));
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        objects.put("Device.X.1.", params);
        objects.put("Device.X.1.Empty.", Map.of());
        objects.put("Device.Ünï.", Map.of("A", "1"));
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        write(out, "Device.X.", objects);
        GetAnswerWriter.Written written = out.finish(HEADER);
        assertSameAsProtobuf(UspMsg.GetResp.newBuilder().addReqPathResults(expected("Device.X.", objects)), written);
        assertTrue(written.holdsObjects());
    }

    @Test
    void manySmallObjectsAsALargeGetHasThem() {
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        for (int i = 1; i <= 2_000; i++) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("Alias", "cpe-" + i);
            params.put("Online", i % 2 == 0 ? "true" : "false");
            params.put("Name", "Lampe " + i + " im Flur");
            objects.put("Device.ProxiedDevice." + i + ".", params);
        }
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        write(out, "Device.ProxiedDevice.", objects);
        GetAnswerWriter.Written written = out.finish(HEADER);
        assertTrue(written.size() > 16_384, "a requested result whose length takes three bytes: " + written.size());
        assertSameAsProtobuf(UspMsg.GetResp.newBuilder().addReqPathResults(expected("Device.ProxiedDevice.",
                objects)), written);
    }

    @Test
    void errorsRepeatsAndEmptyResults() {
        Map<String, Map<String, String>> one = Map.of("Device.A.", Map.of("P", "v"));
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        GetAnswerWriter.Requested first = write(out, "Device.A.", one);
        // An error after objects were written for the path: only the path and the error remain.
        out.beginRequested("Device.B.");
        out.beginResolved("Device.B.1.");
        out.entry("Q".getBytes(StandardCharsets.UTF_8), "w");
        out.fail(7026, "Invalid path: Device.B.");
        out.beginRequested("Device.C.");
        out.fail(7026, ""); // an error without a message
        write(out, "Device.Empty.*.", Map.of()); // a search that found nothing
        write(out, "", one); // an empty requested path is left out, as protobuf leaves it out
        out.repeat(first);
        assertEquals(message(UspMsg.GetResp.newBuilder().addReqPathResults(expected("Device.A.", one)))
                .getBody().getResponse().getGetResp().getReqPathResults(0).getSerializedSize(), first.size(),
                "the size a repeat charges is protobuf's");
        GetAnswerWriter.Written written = out.finish(HEADER);
        assertSameAsProtobuf(UspMsg.GetResp.newBuilder()
                .addReqPathResults(expected("Device.A.", one))
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device.B.")
                        .setErrCode(7026).setErrMsg("Invalid path: Device.B."))
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device.C.")
                        .setErrCode(7026))
                .addReqPathResults(expected("Device.Empty.*.", Map.of()))
                .addReqPathResults(expected("", one))
                .addReqPathResults(expected("Device.A.", one)), written);
        assertTrue(written.holdsObjects());
    }

    @Test
    void holdsObjectsOnlyWhenAPathAnsweredWithoutErrorHasOne() {
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        out.beginRequested("Device.B.");
        out.beginResolved("Device.B.1.");
        out.fail(7026, "gone");
        write(out, "Device.None.*.", Map.of());
        GetAnswerWriter.Written written = out.finish(HEADER);
        assertFalse(written.holdsObjects());
        assertSameAsProtobuf(UspMsg.GetResp.newBuilder()
                .addReqPathResults(UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath("Device.B.")
                        .setErrCode(7026).setErrMsg("gone"))
                .addReqPathResults(expected("Device.None.*.", Map.of())), written);
        GetAnswerWriter none = new GetAnswerWriter(0, 0);
        assertSameAsProtobuf(UspMsg.GetResp.newBuilder(), none.finish(HEADER));
    }

    @Test
    void aResultLeftOpenIsNotFinished() {
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        out.beginRequested("Device.A.");
        assertThrows(IllegalStateException.class, () -> out.finish(HEADER));
    }

    @Test
    void writingOutsideTheTargetIsRefused() {
        GetAnswerWriter out = new GetAnswerWriter(0, 0);
        write(out, "Device.A.", Map.of("Device.A.", Map.of("P", "v")));
        GetAnswerWriter.Written written = out.finish(HEADER);
        assertThrows(IndexOutOfBoundsException.class, () -> written.writeTo(new byte[written.size()], 1));
        assertThrows(IndexOutOfBoundsException.class, () -> written.writeTo(new byte[written.size()], -1));
    }
}
