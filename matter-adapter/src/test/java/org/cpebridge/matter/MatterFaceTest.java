package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigException;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.onboarding.ManualPairingCode;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.matter.onboarding.SetupPayload;
import org.cpebridge.matter.testing.TestFaceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatterFaceTest {

    @TempDir
    Path dataDir;

    private final List<String> shown = new ArrayList<>();
    private final List<MatterFace> started = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeFaces() {
        started.forEach(MatterFace::close);
    }

    private MatterFace startFace(String... assignments) throws Exception {
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(MatterSettings.keys()))
                .set("matter.port=0");
        for (String assignment : assignments) {
            builder.set(assignment);
        }
        ManualClock clock = new ManualClock();
        MatterFace face = new MatterFace(new TestFaceContext(new FileDurableStore(dataDir), builder.build(),
                Runnable::run, new ManualScheduler(clock), clock, shown::add), CryptoRandom.secure());
        started.add(face);
        face.start();
        return face;
    }

    @Test
    void firstStartGeneratesOnboardingDataAndShowsCodesThatDecodeToIt() throws Exception {
        MatterFace face = startFace();
        long passcode = face.onboarding().passcode();
        int discriminator = face.onboarding().discriminator();
        String text = String.join("\n", shown);

        Matcher qr = Pattern.compile("QR code: (MT:[0-9A-Z.\\-]+)").matcher(text);
        assertTrue(qr.find(), text);
        SetupPayload decoded = QrCodePayload.decode(qr.group(1));
        assertEquals(passcode, decoded.passcode());
        assertEquals(discriminator, decoded.discriminator());
        assertEquals(0xFFF1, decoded.vendorId());
        assertEquals(0x8000, decoded.productId());
        assertEquals(SetupPayload.DISCOVERY_ON_NETWORK, decoded.discoveryCapabilities());

        Matcher manual = Pattern.compile("Manual pairing code: (\\d{4})-(\\d{3})-(\\d{4})").matcher(text);
        assertTrue(manual.find(), text);
        ManualPairingCode.Contents contents = ManualPairingCode.decode(manual.group(1) + manual.group(2)
                + manual.group(3));
        assertEquals(passcode, contents.passcode());
        assertEquals(discriminator >> 8, contents.shortDiscriminator());
        assertTrue(text.contains("\u2580") || text.contains("\u2584"), "the QR symbol is drawn");

        // The stored verifier is the one SPAKE2+ makes from the passcode with the stored salt.
        assertEquals(Spake2p.secretsFromPasscode(passcode, face.onboarding().pbkdf().salt().toByteArray(),
                (int) face.onboarding().pbkdf().iterations()).verifier(), face.onboarding().verifier());
    }

    @Test
    void theConsolesPairingPortShowsThePrintedCodesAndOpensWindowsWithCodesOfTheirOwn() throws Exception {
        MatterFace face = startFace();
        String text = String.join("\n", shown);
        Matcher qr = Pattern.compile("QR code: (MT:[0-9A-Z.\\-]+)").matcher(text);
        assertTrue(qr.find(), text);
        org.cpebridge.core.spi.Pairing port = face.pairingPort();
        org.cpebridge.core.spi.Pairing.Window window = port.openWindow().orElseThrow();
        assertEquals(qr.group(1), window.qrPayload());
        assertTrue(text.contains("Manual pairing code: " + window.manualCode()), text);
        IllegalStateException busy = assertThrows(IllegalStateException.class, port::openNewWindow);
        assertTrue(busy.getMessage().contains("already open"), busy.getMessage());
        assertEquals(List.of(), port.fabrics());

        face.node().closeCommissioningWindow("test");
        assertTrue(port.openWindow().isEmpty(), "no codes once the window is closed");
        org.cpebridge.core.spi.Pairing.Window reopened = port.openNewWindow();
        assertEquals(reopened, port.openWindow().orElseThrow());
        SetupPayload fresh = QrCodePayload.decode(reopened.qrPayload());
        assertNotEquals(face.onboarding().passcode(), fresh.passcode(), "a window of its own has its own code");
        assertFalse(text.contains(reopened.manualCode()), "not the printed code");
        assertFalse(String.valueOf(reopened).contains(reopened.manualCode()), "toString hides the code");

        face.node().closeCommissioningWindow("test");
        org.cpebridge.core.spi.Pairing.Window third = port.openNewWindow();
        assertNotEquals(fresh.passcode(), QrCodePayload.decode(third.qrPayload()).passcode(), "each window anew");
        assertNotEquals(reopened.manualCode(), third.manualCode());
    }

    @Test
    void aRestartKeepsTheCodesAndAnOverrideReplacesThem() throws Exception {
        MatterFace first = startFace();
        MatterFace second = startFace();
        assertEquals(first.onboarding(), second.onboarding());

        MatterFace overridden = startFace("matter.passcode=20202021", "matter.discriminator=3840");
        assertEquals(20202021L, overridden.onboarding().passcode());
        assertEquals(3840, overridden.onboarding().discriminator());
        assertNotEquals(first.onboarding().verifier(), overridden.onboarding().verifier());
        assertTrue(String.join("\n", shown).contains("Manual pairing code: 3497-011-2332"), String.join("\n", shown));
        assertEquals(overridden.onboarding(), startFace().onboarding(), "the override is kept after it is removed");
        assertFalse(String.valueOf(overridden.onboarding()).contains("20202021"), "toString hides the passcode");
    }

    @Test
    void aPairedBridgeWithNoOpenWindowNeverShowsOrLogsItsPairingCode() throws Exception {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream originalErr = System.err;
        // slf4j-simple writes to whatever System.err is at the time of each line.
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                originalErr.write(b);
                log.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                originalErr.write(bytes, offset, length);
                log.write(bytes, offset, length);
            }
        }, true));
        String manualCode;
        String qrText;
        long passcode;
        String pairedStart;
        try {
            MatterFace unpaired = startFace();
            passcode = unpaired.onboarding().passcode();
            SetupPayload payload = MatterFace.setupPayload(Config.builder(new ConfigSchema()
                    .addAll(MatterSettings.keys())).build(), unpaired.onboarding());
            manualCode = ManualPairingCode.encode(payload);
            qrText = QrCodePayload.encode(payload);
            assertTrue(String.join("\n", shown).contains("Manual pairing code: "
                    + MatterFace.formatManualCode(manualCode)), "an unpaired bridge shows its code");
            unpaired.close();
            started.remove(unpaired);

            CryptoRandom random = TestCredentials.seeded(5);
            TestCredentials.Issued issued = TestCredentials.create(0xCACACACA00000001L, 0xFAB000000000001DL, true,
                    random).issue(0xDEDEDEDE00010001L, List.of());
            FabricTable.load(new DurableRecordStore(new FileDurableStore(dataDir)), FabricTable.DEFAULT_CAPACITY)
                    .add(issued.rcac(), issued.icac(), issued.noc(), issued.nodeKey(),
                            Bytes.fromHex("000102030405060708090a0b0c0d0e0f"), 0xFFF1);
            shown.clear();
            startFace();
            pairedStart = String.join("\n", shown);
        } finally {
            System.setErr(originalErr);
        }
        assertTrue(pairedStart.contains("paired with 1 Matter fabric"), pairedStart);
        for (String secret : List.of(manualCode, MatterFace.formatManualCode(manualCode), qrText,
                Long.toString(passcode))) {
            assertFalse(pairedStart.contains(secret), "shown on a paired start: " + pairedStart);
        }
        String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(logged.contains("[matter] ready"), "the log was captured: " + logged);
        for (String secret : List.of(manualCode, MatterFace.formatManualCode(manualCode), qrText,
                String.format("%08d", passcode))) {
            assertFalse(logged.contains(secret), "the log holds a pairing secret");
        }
    }

    @Test
    void withoutItsInterfaceTheNodeListensOnLoopbackOnly() throws Exception {
        MatterFace face = startFace("matter.interface=no-such-if0");
        List<java.net.InetSocketAddress> bound = face.node().localAddresses();
        assertFalse(bound.isEmpty());
        for (java.net.InetSocketAddress address : bound) {
            assertTrue(address.getAddress().isLoopbackAddress(), "bound outside loopback: " + bound);
            assertEquals(face.node().localAddress().getPort(), address.getPort(), "one port for every socket");
        }
    }

    @Test
    void theSpecsInvalidPasscodesAreRefusedNamingTheKey() {
        ConfigSchema schema = new ConfigSchema().addAll(MatterSettings.keys());
        for (String bad : List.of("00000000", "11111111", "22222222", "12345678", "87654321",
                "99999999", "100000000", "-5", "passcode")) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> Config.builder(schema).set("matter.passcode=" + bad));
            assertTrue(error.getMessage().contains("'matter.passcode'"), error.getMessage());
            assertFalse(error.getMessage().contains(bad) && !bad.equals("passcode"),
                    "the value of a secret key is not echoed: " + error.getMessage());
        }
        assertThrows(ConfigException.class, () -> Config.builder(schema).set("matter.discriminator=4096"));
    }

    @Test
    void aCorruptOnboardingRecordIsAClearError() throws Exception {
        startFace();
        Path record = dataDir.resolve("matter/onboarding.rec");
        String text = Files.readString(record);
        new FileDurableStore(dataDir).write("matter/onboarding", 1, "{\"passcode\":1}".getBytes());
        var error = assertThrows(org.cpebridge.core.store.StoreException.class, () -> startFace());
        assertTrue(error.getMessage().contains("matter/onboarding"), error.getMessage());
        assertTrue(text.contains("\"discriminator\""));
    }
}
