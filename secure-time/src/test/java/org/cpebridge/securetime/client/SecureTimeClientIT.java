package org.cpebridge.securetime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.TimeReading;
import org.cpebridge.core.time.TimeServerStatus;
import org.cpebridge.securetime.crypto.RoughtimeHash;
import org.cpebridge.securetime.server.RoughtimeServer;
import org.cpebridge.securetime.server.ServerTime;
import org.cpebridge.securetime.testing.Loopback;
import org.cpebridge.securetime.testing.TestKeys;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.securetime.wire.Request;
import org.cpebridge.securetime.wire.Response;
import org.cpebridge.securetime.wire.SignedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against our own server over 127.0.0.1: three honest servers and one faulty one per case. The faulty
 * server's answers must be refused for the named reason (or outvoted and proven), and the honest three must still
 * secure the clock; with fewer than three honest answers the clock stays unsecured.
 */
class SecureTimeClientIT {

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> peers = new ArrayList<>();
    private final List<ServerSpec> honest = new ArrayList<>();
    private FileDurableStore store;
    private SecureClock clock;

    @BeforeEach
    void threeHonestServers() throws Exception {
        store = new FileDurableStore(dataDir);
        clock = new SecureClock(Clock.systemUTC(), System::nanoTime, store);
        for (int i = 0; i < 3; i++) {
            KeyPair key = TestKeys.longTerm();
            RoughtimeServer server = started(Loopback.honestServer(key, 0));
            honest.add(Loopback.spec(server.localAddress(), TestKeys.raw(key)));
        }
    }

    @AfterEach
    void stopPeers() throws Exception {
        for (AutoCloseable peer : peers) {
            peer.close();
        }
    }

    private <T extends AutoCloseable> T started(T peer) {
        peers.add(peer);
        return peer;
    }

    private SecureTimeSync.Report sync(List<ServerSpec> servers) {
        RoughtimeClient client = new RoughtimeClient(Clock.systemUTC(), new SecureRandom(), Duration.ofMillis(700), 2);
        return new SecureTimeSync(servers, 3, client, clock, store, Clock.systemUTC()).run();
    }

    private List<ServerSpec> honestPlus(ServerSpec faulty) {
        List<ServerSpec> all = new ArrayList<>(honest);
        all.add(1, faulty); // in the middle of the chain
        return all;
    }

    private void assertSecuredByTheHonestThree(SecureTimeSync.Report report) {
        assertTrue(report.secured(), report.toString());
        assertEquals(honest.size(), report.agreeing().size(), report.toString());
        assertTrue(report.agreeing().containsAll(honest));
        TimeReading reading = clock.read();
        assertEquals(TimeReading.Trust.SECURED, reading.trust());
        long error = Math.abs(reading.utc().toEpochMilli() - System.currentTimeMillis());
        assertTrue(error <= reading.uncertainty().toMillis() + 1000, "error " + error + " ms, " + reading);
    }

    private static void assertRejectedFor(SecureTimeSync.Report report, ServerSpec faulty, String reason) {
        List<String> about = report.failures().stream().filter(f -> f.startsWith(faulty.name() + ":")).toList();
        assertEquals(2, about.size(), "both rounds' answers refused: " + report.failures());
        about.forEach(f -> assertTrue(f.contains(reason), f));
    }

    private ServerSpec faultyBehindProxy(java.util.function.UnaryOperator<ByteBuffer> tamper) throws Exception {
        KeyPair key = TestKeys.longTerm();
        RoughtimeServer server = started(Loopback.honestServer(key, 0));
        Loopback.TamperingProxy proxy = started(new Loopback.TamperingProxy(server.localAddress(), tamper));
        return Loopback.spec(proxy.address(), TestKeys.raw(key));
    }

    @Test
    void threeHonestServersSecureTheClock() {
        SecureTimeSync.Report report = sync(honest);
        assertSecuredByTheHonestThree(report);
        assertEquals(List.of(), report.failures());
        assertEquals(List.of(), report.proofRecords());
    }

    @Test
    void wrongPinnedKeyIsRefused() throws Exception {
        KeyPair key = TestKeys.longTerm();
        RoughtimeServer server = started(Loopback.honestServer(key, 0));
        ServerSpec pinnedWrong = Loopback.spec(server.localAddress(), TestKeys.raw(TestKeys.longTerm()));
        SecureTimeSync.Report report = sync(honestPlus(pinnedWrong));
        // The server is asked for the pinned key's SRV, which is not its own: it stays silent rather than answer.
        assertEquals(0, server.stats().answered());
        assertSecuredByTheHonestThree(report);

        // Without SRV (as a server with one key might ignore it) the answer reaches the client: CERT fails.
        ServerSpec realKey = Loopback.spec(server.localAddress(), TestKeys.raw(key));
        ChainLink link = new RoughtimeClient(Clock.systemUTC(), new SecureRandom(), Duration.ofMillis(700), 2)
                .query(realKey, Optional.empty());
        assertTrue(link.verified());
        assertEquals(VerificationException.Reason.DELEGATION_SIGNATURE,
                org.junit.jupiter.api.Assertions.assertThrows(VerificationException.class,
                        () -> ResponseVerifier.verify(pinnedWrong.publicKey(), link.request(),
                                link.answer().orElseThrow().response().packet().asByteBuffer())).reason());
    }

    @Test
    void answerSignedByAnotherLongTermKeyIsRefused() throws Exception {
        // The server holds key A, the client pins key B; a relay rewrites SRV to A's id so the server answers,
        // and the client must refuse the answer: CERT is not signed by the key it pinned.
        KeyPair real = TestKeys.longTerm();
        RoughtimeServer server = started(Loopback.honestServer(real, 0));
        Bytes realId = RoughtimeHash.serverId(TestKeys.raw(real));
        Loopback.TamperingProxy relay = started(new Loopback.TamperingProxy(server.localAddress(), request -> {
            try {
                Request original = Request.parse(request);
                return Request.create(original.versions(), original.nonce(), Optional.of(realId)).packet()
                        .asByteBuffer();
            } catch (org.cpebridge.securetime.wire.MalformedMessageException e) {
                throw new AssertionError(e);
            }
        }, answer -> answer));
        ServerSpec impostor = Loopback.spec(relay.address(), TestKeys.raw(TestKeys.longTerm()));
        SecureTimeSync.Report report = sync(honestPlus(impostor));
        assertRejectedFor(report, impostor, "DELEGATION_SIGNATURE");
        assertSecuredByTheHonestThree(report);
    }

    @Test
    void tamperedSrepIsRefused() throws Exception {
        ServerSpec faulty = faultyBehindProxy(packet -> {
            Response r = parse(packet);
            SignedResponse shifted = SignedResponse.create(r.signed().version(), r.signed().radiusSeconds(),
                    r.signed().midpointSeconds() + 3600, r.signed().supportedVersions(), r.signed().root());
            return Response.create(r.signature(), r.nonce(), r.path(), shifted, r.certificate(), r.index()).packet()
                    .asByteBuffer();
        });
        SecureTimeSync.Report report = sync(honestPlus(faulty));
        assertRejectedFor(report, faulty, "RESPONSE_SIGNATURE");
        assertSecuredByTheHonestThree(report);
    }

    @Test
    void wrongMerklePathIsRefused() throws Exception {
        ServerSpec faulty = faultyBehindProxy(packet -> {
            Response r = parse(packet);
            return Response.create(r.signature(), r.nonce(), List.of(RoughtimeHash.leaf(Bytes.of(new byte[4]))),
                    r.signed(), r.certificate(), r.index()).packet().asByteBuffer();
        });
        SecureTimeSync.Report report = sync(honestPlus(faulty));
        assertRejectedFor(report, faulty, "MERKLE_PATH");
        assertSecuredByTheHonestThree(report);
    }

    @Test
    void expiredDelegationIsRefused() throws Exception {
        KeyPair key = TestKeys.longTerm();
        long now = System.currentTimeMillis() / 1000;
        var expired = TestKeys.delegation(key, now - 7200, now - 3600);
        RoughtimeServer server = started(Loopback.server(key, Loopback.clockOffBy(0), seconds -> expired, 64));
        ServerSpec faulty = Loopback.spec(server.localAddress(), TestKeys.raw(key));
        SecureTimeSync.Report report = sync(honestPlus(faulty));
        assertRejectedFor(report, faulty, "OUTSIDE_DELEGATION");
        assertSecuredByTheHonestThree(report);
    }

    @Test
    void unsynchronisedRadiusIsRefused() throws Exception {
        KeyPair key = TestKeys.longTerm();
        Clock system = Clock.systemUTC();
        RoughtimeServer server = started(Loopback.server(key,
                () -> Optional.of(new ServerTime(system.instant().getEpochSecond(),
                        SignedResponse.UNSYNCHRONISED_RADIUS)),
                new org.cpebridge.securetime.server.RotatingDelegation(key.getPrivate(), Duration.ofHours(1),
                        new SecureRandom()), 64));
        ServerSpec faulty = Loopback.spec(server.localAddress(), TestKeys.raw(key));
        SecureTimeSync.Report report = sync(honestPlus(faulty));
        assertRejectedFor(report, faulty, "UNSYNCHRONISED");
        assertSecuredByTheHonestThree(report);
    }

    @Test
    void serverAnHourAheadIsOutvotedAndItsLieProvenAndWritten() throws Exception {
        assertLiarProven(3600);
    }

    @Test
    void serverAnHourBehindIsOutvotedAndItsLieProvenAndWritten() throws Exception {
        assertLiarProven(-3600);
    }

    private void assertLiarProven(long offsetSeconds) throws Exception {
        KeyPair key = TestKeys.longTerm();
        RoughtimeServer server = started(Loopback.honestServer(key, offsetSeconds));
        ServerSpec liar = Loopback.spec(server.localAddress(), TestKeys.raw(key));
        SecureTimeSync.Report report = sync(honestPlus(liar));
        assertSecuredByTheHonestThree(report);
        assertEquals(List.of(liar), report.outvoted());
        assertEquals(List.of(TimeServerStatus.Result.AGREED, TimeServerStatus.Result.OUTVOTED,
                TimeServerStatus.Result.AGREED, TimeServerStatus.Result.AGREED),
                clock.servers().stream().map(TimeServerStatus::result).toList(), "per server, in configured order");
        assertEquals(liar.name(), clock.servers().get(1).address());
        assertEquals(liar.publicKey().toBase64(), clock.servers().get(1).publicKey());
        assertTrue(clock.servers().get(1).detail().contains("disagrees"), clock.servers().get(1).detail());
        assertTrue(clock.servers().stream().allMatch(s -> s.checkedAt().isPresent()));
        assertEquals(1, report.proofRecords().size(), report.toString());
        String proof = new String(store.read(report.proofRecords().get(0)).orElseThrow().payload(),
                StandardCharsets.UTF_8);
        assertEquals(liar.name(), LieProof.check(proof), "the written proof re-verifies and accuses the liar");
        assertTrue(dataDir.resolve(report.proofRecords().get(0) + ".rec").toFile().isFile());

        // A forged proof (the accused key swapped for an honest server's) does not check.
        String forged = proof.replace(
                liar.publicKey().toBase64(), honest.get(0).publicKey().toBase64());
        assertFalse(checks(forged));
    }

    private static boolean checks(String proof) {
        try {
            LieProof.check(proof);
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }

    @Test
    void fewerThanThreeAnswersLeaveTheClockUnsecured() throws Exception {
        DatagramSocket silent = started(new DatagramSocket(Loopback.ANY_LOOPBACK_PORT));
        ServerSpec mute = Loopback.spec((InetSocketAddress) silent.getLocalSocketAddress(),
                TestKeys.raw(TestKeys.longTerm()));
        List<ServerSpec> servers = List.of(honest.get(0), mute, honest.get(1));
        SecureTimeSync.Report report = sync(servers);
        assertFalse(report.secured());
        assertFalse(clock.isSecured());
        assertEquals(TimeReading.Trust.UNVERIFIED, clock.read().trust());
        assertTrue(report.failures().stream().anyMatch(f -> f.startsWith(mute.name()) && f.contains("no answer")));
        assertEquals(List.of(TimeServerStatus.Result.OUTVOTED, TimeServerStatus.Result.FAILED,
                TimeServerStatus.Result.OUTVOTED), clock.servers().stream().map(TimeServerStatus::result).toList());
        assertTrue(clock.servers().get(1).detail().contains("no answer"), clock.servers().get(1).detail());
        assertTrue(clock.servers().get(0).detail().contains("fewer than 3"), clock.servers().get(0).detail());
        assertTrue(store.read(SecureClock.LAST_KNOWN_GOOD_RECORD).isEmpty(), "nothing secured, nothing persisted");
    }

    private static Response parse(ByteBuffer packet) {
        try {
            return Response.parse(packet);
        } catch (org.cpebridge.securetime.wire.MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }
}
