package org.cpebridge.matter;

import java.time.Duration;
import java.util.Objects;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.commissioning.FailSafe;
import org.cpebridge.matter.commissioning.GeneralCommissioningHandler;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.CommissioningMode;
import org.cpebridge.matter.dnssd.DnsSdAdvertiser;
import org.cpebridge.matter.dnssd.DnsSdException;
import org.cpebridge.matter.dnssd.DnsSdSettings;
import org.cpebridge.matter.dnssd.internal.JmDnsAdvertiser;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.node.CommissioningWindow;
import org.cpebridge.matter.node.InteractionGlue;
import org.cpebridge.matter.node.MatterNode;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.onboarding.CommissioningFlow;
import org.cpebridge.matter.onboarding.ManualPairingCode;
import org.cpebridge.matter.onboarding.QrCode;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.matter.onboarding.SetupPayload;
import org.cpebridge.matter.onboarding.TerminalQrRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter face: the bridge as a Matter node. At start it loads (or, at first start, generates) its onboarding
 * data, starts the node on UDP, opens the commissioning window with the onboarding verifier, advertises
 * {@code _matterc._udp} on {@code matter.interface} (only there, and not at all when that interface is missing),
 * and shows the household the QR code and manual pairing code to pair with.
 */
public final class MatterFace implements Face {

    private static final Logger LOG = LoggerFactory.getLogger(MatterFace.class);

    private final FaceContext context;
    private final CryptoRandom random;
    private OnboardingData onboarding;
    private MatterNode node;
    private DataModel model;
    private FailSafe failSafe;
    private DnsSdAdvertiser advertiser;
    private Scheduler.Cancellable windowTimer;

    public MatterFace(FaceContext context, CryptoRandom random) {
        this.context = Objects.requireNonNull(context, "context");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void start() throws java.io.IOException {
        Config config = context.config();
        onboarding = OnboardingData.loadOrCreate(context.store(), config.get(MatterSettings.PASSCODE),
                config.get(MatterSettings.DISCRIMINATOR), random);
        SetupPayload payload = setupPayload(config, onboarding);
        node = new MatterNode(new UdpTransportConfig(wildcard(), config.get(MatterSettings.PORT),
                UdpTransportConfig.DEFAULT_MAX_DATAGRAM_SIZE), context.clock(), context.scheduler(),
                context.executor(), random);
        node.start();
        model = RootNode.create(RootNode.Identity.of(context.serviceControl().bridgeInfo(),
                payload.vendorId(), payload.productId()), new java.util.SplittableRandom(
                java.nio.ByteBuffer.wrap(random.bytes(8)).getLong()));
        node.setInteractionModel(new InteractionGlue(interactionServer(model)));
        Duration window = config.get(MatterSettings.WINDOW);
        node.openCommissioningWindow(new CommissioningWindow.Credentials(onboarding.verifier(), onboarding.pbkdf()),
                window);
        advertiser = startAdvertiser(config, payload);
        if (advertiser != null) {
            windowTimer = context.scheduler().schedule(window, this::withdrawCommissionable);
        }
        context.showToUser(pairingText(payload));
        LOG.info("[matter] onboarding ready: discriminator {}, vendor 0x{}, product 0x{}", onboarding.discriminator(),
                Integer.toHexString(payload.vendorId()).toUpperCase(),
                Integer.toHexString(payload.productId()).toUpperCase());
    }

    /**
     * Starts DNS-SD on the configured interface and advertises the open commissioning window. Returns null when
     * the interface is missing: the bridge then stays off mDNS entirely rather than fall back to another
     * interface (a router must never announce itself on its WAN side).
     */
    private DnsSdAdvertiser startAdvertiser(Config config, SetupPayload payload) {
        String interfaceName = config.get(DnsSdSettings.INTERFACE);
        try {
            DnsSdAdvertiser started = JmDnsAdvertiser.start(interfaceName, hostLabel());
            started.advertise(CommissionableService.of(instanceName(), node.localAddress().getPort(),
                    payload.discriminator(), payload.vendorId(), payload.productId(), CommissioningMode.BASIC)
                    .withDeviceName(config.get(MatterSettings.DEVICE_NAME)));
            return started;
        } catch (DnsSdException | RuntimeException e) {
            LOG.warn("[matter] DNS-SD is off: cannot advertise on interface '{}' (key '{}'): {}", interfaceName,
                    DnsSdSettings.INTERFACE.name(), e.getMessage());
            return null;
        }
    }

    private void withdrawCommissionable() {
        if (advertiser != null) {
            advertiser.withdrawCommissionable();
            LOG.info("[matter] commissioning window closed; no longer advertised as commissionable");
        }
    }

    /** The DNS-SD host label: 12 random upper-case hex digits, as Matter nodes use a MAC-like label. */
    private String hostLabel() {
        return java.util.HexFormat.of().withUpperCase().formatHex(random.bytes(6));
    }

    /** The commissionable instance name: 64 random bits as 16 upper-case hex digits (Matter core 4.3.1). */
    private String instanceName() {
        return java.util.HexFormat.of().withUpperCase().formatHex(random.bytes(8));
    }

    private static java.net.InetAddress wildcard() {
        try {
            return java.net.InetAddress.getByName("::");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("no IPv6 wildcard address", e);
        }
    }

    /**
     * The IM server over the model, with the commissioning command handlers. Access: the ACL cluster's checker
     * comes with the operational credentials handlers; until then only a PASE session (the commissioner, which holds
     * Administer implicitly) is granted anything.
     */
    private InteractionServer<Object> interactionServer(DataModel dataModel) {
        AccessChecker access = AccessChecker.withPaseAdminister((subject, endpoint, cluster, privilege) -> false);
        java.util.random.RandomGenerator ids = new java.util.SplittableRandom(
                java.nio.ByteBuffer.wrap(random.bytes(8)).getLong());
        InvokeDispatcher invokes = new InvokeDispatcher(dataModel, access, 1);
        failSafe = new FailSafe(context.clock(), Duration.ofSeconds(RootNode.MAX_CUMULATIVE_FAIL_SAFE_SECONDS));
        invokes.setHandler(GeneralCommissioning.ID, new GeneralCommissioningHandler(failSafe, context.clock(),
                new GeneralCommissioningHandler.Hooks() {
                    @Override
                    public void scheduleExpiryCheck(Duration delay) {
                        context.scheduler().schedule(delay, () -> node.execute(failSafe::checkExpiry));
                    }

                    @Override
                    public void commissioningComplete(int fabricIndex) {
                        LOG.info("[matter] commissioning complete on fabric {}", fabricIndex);
                        node.closeCommissioningWindow("commissioning completed");
                        withdrawCommissionable();
                    }
                }));
        return new InteractionServer<>(dataModel, new EventLog(64, 1), access, new WriteEngine(dataModel, access),
                invokes, new ReportChunker(), ids, context.clock(), 3);
    }

    /** The node (after {@link #start}); tests read its address. */
    public MatterNode node() {
        return node;
    }

    /** The payload of the QR code and manual pairing code: on-network discovery, standard flow. */
    static SetupPayload setupPayload(Config config, OnboardingData onboarding) {
        return new SetupPayload(0, config.get(MatterSettings.VENDOR_ID), config.get(MatterSettings.PRODUCT_ID),
                CommissioningFlow.STANDARD, SetupPayload.DISCOVERY_ON_NETWORK, onboarding.discriminator(),
                onboarding.passcode()).requireCommissionable();
    }

    /** What the household sees: the QR code to scan, its text, and the manual code to type. */
    static String pairingText(SetupPayload payload) {
        String qrText = QrCodePayload.encode(payload);
        String manualCode = ManualPairingCode.encode(payload);
        return "\nPair this bridge with Google Home, Apple Home or Home Assistant: scan the QR code or enter the "
                + "manual pairing code.\n"
                + TerminalQrRenderer.render(QrCode.encodeText(qrText, QrCode.ErrorCorrection.M))
                + "QR code: " + qrText + "\n"
                + "Manual pairing code: " + formatManualCode(manualCode) + "\n";
    }

    /** 11 digits grouped 4-3-4 as printed on Matter labels. */
    static String formatManualCode(String code) {
        return code.length() == 11 ? code.substring(0, 4) + "-" + code.substring(4, 7) + "-" + code.substring(7)
                : code;
    }

    /** The onboarding data in use (after {@link #start}). */
    public OnboardingData onboarding() {
        return onboarding;
    }

    @Override
    public void close() {
        if (windowTimer != null) {
            windowTimer.cancel();
        }
        if (advertiser != null) {
            advertiser.close();
        }
        if (node != null) {
            node.close();
        }
        LOG.debug("[matter] stopped");
    }
}
