package org.cpebridge.matter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class OperationalKeysTest {

    // Matter core spec 4.3.2.2 example, as connectedhomeip TestGroupDataProvider kExampleOperationalRootPublicKey
    private static final byte[] ROOT_PUBLIC_KEY = hex("044a9f42b1ca4840d37292bbc7f6a7e11e22200c976fc900dbc98a7a383a641c"
            + "b8254a2e56d4e295a847943b4e3897c4a773e930277b4d9fbede8a052686bfacfa");
    // same example: kFabricId1
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    // same example: kCompressedFabricIdBuffer1
    private static final byte[] COMPRESSED_FABRIC_ID = hex("87e1b004e235a130");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void compressedFabricIdMatchesSpecExample() {
        assertArrayEquals(COMPRESSED_FABRIC_ID, OperationalKeys.compressedFabricId(ROOT_PUBLIC_KEY, FABRIC_ID));
    }

    @Test
    void groupCredentialsMatchSdkVectors() {
        // connectedhomeip src/crypto/tests/TestGroupOperationalCredentials.cpp kEpochKeys0 / kGroupKeys0:
        // {epoch key, hash (group session id), encryption (operational) key, privacy key}
        String[][] vectors = {
            {"00000000000000000000000000000000", "479e", "c5f2690187115150c356ad93b385bb0f",
                "f5ce81881d1118c5c891c9060bc77009"},
            {"101112131415161718191a1b1c1d1e1f", "a512", "aed95695f375d2ce78556a41730c3f43",
                "dc90db2e61765a42607fafaf1637400a"},
            {"202122232425262728292a2b2c2d2e2f", "d800", "35ca346e5e24bbbe889cf4d35c5e820a",
                "b1fb3e79a2ff27f3704d2be9192db607"}};
        for (String[] v : vectors) {
            byte[] operational = OperationalKeys.operationalGroupKey(hex(v[0]), COMPRESSED_FABRIC_ID);
            assertArrayEquals(hex(v[2]), operational);
            assertEquals(Integer.parseInt(v[1], 16), OperationalKeys.groupSessionId(operational));
            assertArrayEquals(hex(v[3]), OperationalKeys.groupPrivacyKey(operational));
        }
    }

    @Test
    void caseDestinationIdMatchesSpecExample() {
        // connectedhomeip src/protocols/secure_channel/tests/TestCASESession.cpp DestinationIdTest ("FromSpec")
        byte[] ipk = hex("9bc61cd9c62a2df6d64dfcaa9dc472d4");
        byte[] initiatorRandom = hex("7e171231568dfa17206b3accf8faec2f4d21b580113196f47c7c4deb810a73dc");
        long nodeId = 0xCD5544AA7B13EF14L;
        byte[] expected = hex("dc35dd5fc9134cc5544538c9c3fc4297c1ec3370c839136a80e10796451d4c53");
        assertArrayEquals(expected,
                OperationalKeys.caseDestinationId(ipk, initiatorRandom, ROOT_PUBLIC_KEY, FABRIC_ID, nodeId));
        assertFalse(Arrays.equals(expected,
                OperationalKeys.caseDestinationId(ipk, initiatorRandom, ROOT_PUBLIC_KEY, FABRIC_ID, nodeId + 1)));
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> OperationalKeys.compressedFabricId(new byte[64], FABRIC_ID));
        assertThrows(IllegalArgumentException.class,
                () -> OperationalKeys.operationalGroupKey(new byte[15], COMPRESSED_FABRIC_ID));
        assertThrows(IllegalArgumentException.class,
                () -> OperationalKeys.caseDestinationId(new byte[16], new byte[31], ROOT_PUBLIC_KEY, 1, 1));
    }
}
