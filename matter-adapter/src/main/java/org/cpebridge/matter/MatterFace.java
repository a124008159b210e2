package org.cpebridge.matter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.matter.bridge.EventNumbers;
import org.cpebridge.matter.bridge.MatterBridge;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.cluster.standard.AdministratorCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.cluster.standard.TimeSynchronization;
import org.cpebridge.matter.commissioning.AdministratorCommissioningHandler;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.commissioning.CurrentSession;
import org.cpebridge.matter.commissioning.FailSafe;
import org.cpebridge.matter.commissioning.GeneralCommissioningHandler;
import org.cpebridge.matter.commissioning.NodeTime;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.commissioning.OperationalCredentialsHandler;
import org.cpebridge.matter.dnssd.CommissionableService;
import org.cpebridge.matter.dnssd.CommissioningMode;
import org.cpebridge.matter.dnssd.DnsSdAdvertiser;
import org.cpebridge.matter.dnssd.DnsSdException;
import org.cpebridge.matter.dnssd.DnsSdSettings;
import org.cpebridge.matter.dnssd.OperationalService;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.dnssd.internal.MdnsResponder;
import org.cpebridge.matter.attestation.AttestationCommands;
import org.cpebridge.matter.attestation.AttestationException;
import org.cpebridge.matter.attestation.AttestationMaterial;
import org.cpebridge.matter.attestation.AttestationSettings;
import org.cpebridge.matter.attestation.AttestationResponder;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.group.GroupDirectory;
import org.cpebridge.matter.group.GroupMessageCodec;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.im.ReportChunker;
import org.cpebridge.matter.node.CommissioningWindow;
import org.cpebridge.matter.node.InteractionGlue;
import org.cpebridge.matter.node.MatterNode;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.onboarding.CommissioningFlow;
import org.cpebridge.matter.onboarding.ManualPairingCode;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.matter.onboarding.SetupPayload;
import org.cpebridge.matter.onboarding.TerminalQrRenderer;
import org.cpebridge.matter.crypto.Spake2pVerifier;
import org.cpebridge.matter.pase.PbkdfParameters;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter face: the bridge as a Matter node. At start it loads (or, at first start, generates) its onboarding
 * data and loads its fabrics, ACL and attestation material, starts the node on UDP with the Interaction Model and
 * the commissioning command handlers, advertises on {@code matter.interface} only (not at all when that interface
 * is missing), and, while on no fabric, opens the basic commissioning window and shows the household the QR code
 * and manual pairing code. See docs/matter-commissioning.md.
 *
 * <p>Why one class of about 710 lines: it sequences the start and stop of parts that each live in their own class
 * (onboarding, fabrics, ACL, attestation, node, DNS-SD, the commissioning window, the bridge), and the order between
 * them is the face's whole job.
 */
public final class MatterFace implements Face {

    private static final Logger LOG = LoggerFactory.getLogger(MatterFace.class);

    private final FaceContext context;
    private final CryptoRandom random;
    private OnboardingData onboarding;
    private MatterNode node;
    private DataModel model;
    private FailSafe failSafe;
    private FabricTable fabrics;
    private ResumptionStore resumptions;
    private AccessControlList acl;
    /** Groups and group keys of every fabric (Group Key Management, the Groups clusters, group messages). */
    private GroupTables groupTables;
    private GroupKeyManagementServer groupKeyManagement;
    private org.cpebridge.matter.bridge.GroupsHandler groupsHandler;
    private AttestationMaterial attestation;
    private InteractionServer<Object> server;
    private EventNumbers eventNumbers;
    private MatterBridge bridge;
    private InteractionGlue glue;
    private org.cpebridge.matter.node.resume.SubscriptionResumer resumer;
    /** Subscriptions kept per fabric, live and across restarts (the spec's minimum; the oldest gives way). */
    private static final int SUBSCRIPTIONS_PER_FABRIC = 3;
    /** How many events the node keeps for readers and subscribers (oldest dropped first). */
    private static final int EVENT_LOG_CAPACITY = 256;
    private final CurrentSession currentSession = new CurrentSession();
    private org.cpebridge.matter.cluster.GroupInteractions groupInteractions;
    private org.cpebridge.matter.node.Groupcast groupcast;
    /** Whether the IM warm-up at start was answered throughout (tests wait on it). */
    private final java.util.concurrent.CompletableFuture<Boolean> interactionWarmUp =
            new java.util.concurrent.CompletableFuture<>();
    private long windowGeneration;
    private final java.util.List<AdvertisedFabric> advertised = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Written at start; read on the node loop by the subscription resumer's resolves. */
    private volatile DnsSdAdvertiser advertiser;
    /** How long one resolve of a subscriber's operational instance asks (queries at 0, 1 and 2 s). */
    private static final Duration SUBSCRIBER_RESOLVE_TIMEOUT = Duration.ofSeconds(3);
    private Scheduler.Cancellable windowTimer;
    private NodeTime nodeTime;
    private org.cpebridge.matter.commissioning.FabricAddedTimes fabricAddedTimes;
    private Scheduler.Cancellable timeRefresh;
    /** The open window's codes when this face made them (the console shows them); null for none or an admin's. */
    private volatile org.cpebridge.core.spi.Pairing.Window shownWindow;
    private MatterPairing pairing;
    /** The Operational Credentials commands; the console's fabric removal goes through their RemoveFabric path. */
    private OperationalCredentialsHandler credentials;
    /** The attestation commands behind Operational Credentials; the IM warm-up runs a CSR through them. */
    private AttestationCommands attestationCommands;

    /** An operational service this face published, remembered so it can be withdrawn after its fabric is gone. */
    private record AdvertisedFabric(int fabricIndex, long compressedFabricId, long nodeId) {
    }

    public MatterFace(FaceContext context, CryptoRandom random) {
        this.context = Objects.requireNonNull(context, "context");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void start() throws java.io.IOException, AttestationException {
        Config config = context.config();
        // At first start the passcode's verifier (PBKDF2, a P-256 multiplication) and the development DAC (a key pair
        // and a signature; the development CD is signed at every start) are each 0.1-0.3 s of crypto run for the
        // first time in the JVM, and neither needs the other nor the rest: both are made on the pool while this
        // thread loads the fabrics and the ACL. Stored state first, so that a damaged record stops startup before
        // anything listens.
        java.util.concurrent.CompletableFuture<OnboardingData> onboardingLoaded = onPool(() ->
                OnboardingData.loadOrCreate(context.store(), config.get(MatterSettings.PASSCODE),
                        config.get(MatterSettings.DISCRIMINATOR), random));
        RecordStore records = new DurableRecordStore(context.store());
        java.util.concurrent.CompletableFuture<AttestationMaterial> attestationProvisioned = onPool(() ->
                AttestationSettings.provision(config, records, random));
        try {
            loadStoredState(records);
        } finally {
            // Nothing of this start may still be writing once start() has returned or thrown.
            awaitQuietly(onboardingLoaded);
            awaitQuietly(attestationProvisioned);
        }
        onboarding = joinUnwrapped(onboardingLoaded);
        attestation = joinUnwrapped(attestationProvisioned);
        SetupPayload payload = setupPayload(config, onboarding);
        attestation.requireIds(payload.vendorId(), payload.productId());
        nodeTime = new NodeTime(TimeSource.of(context.clock()), System::nanoTime);
        model = RootNode.create(RootNode.Identity.of(context.serviceControl().bridgeInfo(),
                payload.vendorId(), payload.productId()), seededRandom(), nodeTime);
        eventNumbers = EventNumbers.open(context.store(), EVENT_LOG_CAPACITY);

        // Never the wildcard: a router must not answer Matter on its WAN side (see ListenAddresses).
        ListenAddresses listen = ListenAddresses.of(config.get(DnsSdSettings.INTERFACE));
        LOG.info("[matter] UDP port {} on {}: {}", config.get(MatterSettings.PORT), listen.description(),
                listen.addresses().stream().map(java.net.InetAddress::getHostAddress).toList());
        node = new MatterNode(new UdpTransportConfig(listen.addresses(), config.get(MatterSettings.PORT),
                UdpTransportConfig.DEFAULT_MAX_DATAGRAM_SIZE).withSharedEventLoop(context.ports()),
                context.clock(), context.scheduler(),
                context.executor(), random);
        glue = new InteractionGlue(interactionServer(model), currentSession,
                () -> failSafe.addedFabric().orElse(0), node, context.scheduler(), context.clock(),
                context.config().get(MatterSettings.RESPONSE_TIMEOUT));
        node.setInteractionModel(glue);
        startGroupcast();
        node.enableCase(fabrics, resumptions, nodeTime::certificateTime);
        // Subscriptions kept across restarts: a stored one whose fabric is gone is not resumed.
        org.cpebridge.matter.node.resume.SubscriptionStore subscriptionStore =
                org.cpebridge.matter.node.resume.SubscriptionStore.load(records, SUBSCRIPTIONS_PER_FABRIC);
        subscriptionStore.removeIf(s -> fabrics.byIndex(s.fabricIndex()).isEmpty());
        resumer = new org.cpebridge.matter.node.resume.SubscriptionResumer(subscriptionStore, node::openCase,
                this::resolveSubscriber, node::peerAddress, glue::resume, context.scheduler(), context.clock(),
                node::execute);
        server.setSubscriptionListener(resumer);
        node.start();
        // The bridged devices: mounted on the node loop, which owns the model, before the node answers anyone.
        java.util.concurrent.CompletableFuture<Void> mounted = new java.util.concurrent.CompletableFuture<>();
        node.execute(() -> {
            try {
                bridge.start();
                // Devices removed while the bridge was stopped leave their groups.
                groupsHandler.pruneMissingEndpoints();
                mounted.complete(null);
            } catch (RuntimeException e) {
                mounted.completeExceptionally(e);
            }
        });
        mounted.join();
        // The bridged endpoints exist now: listen on the multicast addresses of the groups they are members of.
        node.execute(groupcast::syncMemberships);

        // A bridge on no fabric opens the basic commissioning window at start (Matter core 5.4.2.4); one already
        // paired waits for an administrator to open a window.
        boolean commissionable = fabrics.fabrics().isEmpty();
        advertiser = startAdvertiser(config, payload, commissionable);
        advertiseFabrics();
        // The bridge answers now: resume the subscriptions of before the restart (CASE to each subscriber, whose
        // operational instance mDNS, started just above, resolves).
        node.execute(resumer::start);
        if (commissionable) {
            Duration window = config.get(MatterSettings.WINDOW);
            node.openCommissioningWindow(new CommissioningWindow.Credentials(onboarding.verifier(),
                    onboarding.pbkdf()), window);
            if (advertiser != null) {
                windowTimer = context.scheduler().schedule(window, this::withdrawCommissionable);
            }
            shownWindow = new org.cpebridge.core.spi.Pairing.Window(QrCodePayload.encode(payload),
                    formatManualCode(ManualPairingCode.encode(payload)), context.clock().instant().plus(window));
            context.showToUser(pairingText(payload));
        } else {
            context.showToUser("\nThis bridge is paired with " + fabrics.fabrics().size() + " Matter fabric(s); "
                    + "open a commissioning window from one of them to add another.\n");
        }
        pairing = new MatterPairing(this);
        context.ports().provide(org.cpebridge.core.spi.Pairing.class, pairing);
        LOG.info("[matter] ready: {} fabric(s), discriminator {}, vendor 0x{}, product 0x{}",
                fabrics.fabrics().size(), onboarding.discriminator(),
                Integer.toHexString(payload.vendorId()).toUpperCase(),
                Integer.toHexString(payload.productId()).toUpperCase());
    }

    /**
     * Group communication: group-addressed messages are opened with the directory's key sets and carried out on the
     * member endpoints; the node joins the multicast address of each group it can receive on its interface, at start,
     * after each write or invoke of the Groups or Group Key Management cluster, when an endpoint leaves a group and
     * when a fabric comes or goes.
     */
    private void startGroupcast() {
        groupcast = new org.cpebridge.matter.node.Groupcast(groupTables, groupInteractions,
                index -> fabrics.byIndex(index).map(Fabric::fabricId),
                new org.cpebridge.matter.node.Groupcast.Memberships() {
                    @Override
                    public void join(java.net.InetAddress group) {
                        node.joinMulticastGroup(group).whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.warn("[matter] cannot join multicast group {}: {}", group.getHostAddress(),
                                        failure.toString());
                            } else {
                                LOG.info("[matter] listening on multicast group {}", group.getHostAddress());
                            }
                        });
                    }

                    @Override
                    public void leave(java.net.InetAddress group) {
                        node.leaveMulticastGroup(group);
                        LOG.info("[matter] left multicast group {}", group.getHostAddress());
                    }
                });
        node.enableGroupcast(new GroupMessageCodec(groupTables,
                index -> fabrics.byIndex(index).map(Fabric::compressedFabricId),
                GroupMessageCodec.DEFAULT_MAX_PEERS), groupcast);
        // Any stored change of keys, maps or memberships (unicast or group-addressed, a fabric's removal) may change
        // which groups are receivable.
        groupTables.onChange(() -> node.execute(groupcast::syncMemberships));
        groupTables.onMembershipRemoved((fabricIndex, endpoint, groupId) ->
                node.execute(groupcast::syncMemberships));
    }

    /** Fabrics, resumptions and the ACL. */
    private void loadStoredState(RecordStore records) {
        // Display only, written behind: CommissioningComplete's answer does not wait for the disk.
        fabricAddedTimes = org.cpebridge.matter.commissioning.FabricAddedTimes.load(context.store(),
                new org.cpebridge.core.util.SerialExecutor(context.executor(), "matter-fabric-added-writer"));
        try {
            fabrics = FabricTable.load(records, RootNode.SUPPORTED_FABRICS);
            // Written behind, off the node loop: a handshake's last answer does not wait for the disk.
            resumptions = ResumptionStore.load(records, ResumptionStore.DEFAULT_CAPACITY,
                    new org.cpebridge.core.util.SerialExecutor(context.executor(), "matter-resumption-writer"));
            groupTables = GroupTables.load(records);
        } catch (RecordStoreException e) {
            // The service reports a damaged store as such (its message, exit code 1), as for the core's records.
            throw new StoreException(e.getMessage(), e);
        }
        acl = AccessControlList.load(context.store());
    }

    /** Runs {@code work} on the face's pool. */
    private <T> java.util.concurrent.CompletableFuture<T> onPool(java.util.concurrent.Callable<T> work) {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        context.executor().execute(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void awaitQuietly(java.util.concurrent.CompletableFuture<?> work) {
        try {
            work.join();
        } catch (java.util.concurrent.CompletionException e) {
            // Its failure is thrown by joinUnwrapped, unless an earlier one already is.
        }
    }

    /** What {@link #onPool} computed, or its failure as thrown there (a damaged record: StoreException). */
    private static <T> T joinUnwrapped(java.util.concurrent.CompletableFuture<T> work) throws AttestationException {
        try {
            return work.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            if (e.getCause() instanceof AttestationException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * The first commissioner after a start should not be the first to run PASE and CASE's crypto, nor the IM requests
     * a commissioner opens with, in this JVM (docs/matter-commissioning.md); both warm-ups run after READY, not during
     * the start, where they took the 2 cores of a router from the starts that READY waits for (docs/footprint.md).
     */
    @Override
    public void onReady() {
        node.execute(() -> interactionWarmUp.complete(InteractionWarmUp.run(server, currentSession,
                attestationCommands, random)));
        context.executor().execute(() -> org.cpebridge.matter.node.HandshakeWarmUp.run(random));
    }

    /**
     * Starts DNS-SD on the configured interface and, if asked, advertises the open commissioning window. Returns
     * null when the interface is missing: the bridge then stays off mDNS entirely rather than fall back to another
     * interface (a router must never announce itself on its WAN side).
     */
    private DnsSdAdvertiser startAdvertiser(Config config, SetupPayload payload, boolean commissionable) {
        String interfaceName = config.get(DnsSdSettings.INTERFACE);
        try {
            DnsSdAdvertiser started = MdnsResponder.start(interfaceName, hostLabel(), seededRandom());
            if (commissionable) {
                started.advertise(CommissionableService.of(instanceName(), node.localAddress().getPort(),
                        payload.discriminator(), payload.vendorId(), payload.productId(), CommissioningMode.BASIC)
                        .withDeviceName(config.get(MatterSettings.DEVICE_NAME)));
            }
            return started;
        } catch (DnsSdException | RuntimeException e) {
            LOG.warn("[matter] DNS-SD is off: cannot advertise on interface '{}' (key '{}'): {}", interfaceName,
                    DnsSdSettings.INTERFACE.name(), e.getMessage());
            return null;
        }
    }

    /**
     * An administrator opened an enhanced window (multi-admin): PASE against its verifier, advertised with CM=2 and
     * its discriminator, and the window attributes name the administrator. Runs on the node loop; DNS-SD, which may
     * block while it probes, runs off it.
     */
    private void openEnhancedWindow(Spake2pVerifier verifier, PbkdfParameters pbkdf, int discriminator,
                                    Duration timeout, int adminFabricIndex) {
        // The administrator holds this window's code; the console has none to show.
        shownWindow = null;
        node.openCommissioningWindow(new CommissioningWindow.Credentials(verifier, pbkdf), timeout);
        ClusterInstance admin = model.cluster(0, AdministratorCommissioning.ID).orElseThrow();
        admin.set(AdministratorCommissioning.WINDOW_STATUS, new TlvElement.UnsignedInt(TlvTag.anonymous(), 1));
        admin.set(AdministratorCommissioning.ADMIN_FABRIC_INDEX,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), adminFabricIndex));
        fabrics.byIndex(adminFabricIndex).ifPresent(fabric -> admin.set(AdministratorCommissioning.ADMIN_VENDOR_ID,
                new TlvElement.UnsignedInt(TlvTag.anonymous(), fabric.vendorId())));
        long window = ++windowGeneration;
        if (windowTimer != null) {
            windowTimer.cancel();
        }
        windowTimer = context.scheduler().schedule(timeout, () -> node.execute(() -> {
            if (windowGeneration == window) {
                closeWindow("the enhanced window expired");
            }
        }));
        SetupPayload payload = setupPayload(context.config(), onboarding);
        context.executor().execute(() -> {
            if (advertiser == null) {
                return;
            }
            try {
                advertiser.advertise(CommissionableService.of(instanceName(), node.localAddress().getPort(),
                        discriminator, payload.vendorId(), payload.productId(), CommissioningMode.ENHANCED)
                        .withDeviceName(context.config().get(MatterSettings.DEVICE_NAME)));
            } catch (DnsSdException e) {
                LOG.warn("[matter] cannot advertise the enhanced window: {}", e.getMessage());
            }
        });
        LOG.info("[matter] enhanced commissioning window opened by fabric {} for {} min", adminFabricIndex,
                timeout.toMinutes());
    }

    /** Closes whatever window is open. Runs on the node loop. */
    private void closeWindow(String reason) {
        windowGeneration++;
        shownWindow = null;
        node.closeCommissioningWindow(reason);
        ClusterInstance admin = model.cluster(0, AdministratorCommissioning.ID).orElseThrow();
        admin.set(AdministratorCommissioning.WINDOW_STATUS, new TlvElement.UnsignedInt(TlvTag.anonymous(), 0));
        admin.set(AdministratorCommissioning.ADMIN_FABRIC_INDEX, new TlvElement.Null(TlvTag.anonymous()));
        admin.set(AdministratorCommissioning.ADMIN_VENDOR_ID, new TlvElement.Null(TlvTag.anonymous()));
        context.executor().execute(this::withdrawCommissionable);
    }

    /** Advertises `_matter._tcp` for every fabric, so controllers find the bridge again after a restart. */
    private void advertiseFabrics() {
        if (advertiser == null) {
            return;
        }
        for (Fabric fabric : fabrics.fabrics()) {
            advertiseFabric(fabric);
        }
    }

    private void advertiseFabric(Fabric fabric) {
        if (advertiser == null) {
            return;
        }
        try {
            advertiser.advertise(new OperationalService(compressedFabricId(fabric), fabric.nodeId(),
                    node.localAddress().getPort(), org.cpebridge.matter.dnssd.MrpParameters.DEFAULTS));
            advertised.add(new AdvertisedFabric(fabric.fabricIndex(), compressedFabricId(fabric), fabric.nodeId()));
        } catch (DnsSdException e) {
            LOG.warn("[matter] cannot advertise fabric {}: {}", fabric.fabricIndex(), e.getMessage());
        }
    }

    /**
     * Resolves a subscriber's operational instance on the Matter interface; the answer (possibly none) comes back on
     * the node loop. Nothing to resolve with when DNS-SD is off.
     */
    private void resolveSubscriber(int fabricIndex, long nodeId,
                                   java.util.function.Consumer<java.util.List<java.net.InetSocketAddress>> done) {
        DnsSdAdvertiser current = advertiser;
        java.util.Optional<Fabric> fabric = fabrics.byIndex(fabricIndex);
        if (!(current instanceof org.cpebridge.matter.dnssd.OperationalResolver resolver) || fabric.isEmpty()) {
            done.accept(java.util.List.of());
            return;
        }
        resolver.resolveOperational(compressedFabricId(fabric.get()), nodeId, SUBSCRIBER_RESOLVE_TIMEOUT)
                .whenComplete((found, error) -> node.execute(() ->
                        done.accept(found == null ? java.util.List.of() : found)));
    }

    /** A fabric left (RemoveFabric, or an AddNOC rolled back): forget everything of it. */
    private void onFabricRemoved(int fabricIndex) {
        fabricAddedTimes.removed(fabricIndex);
        List<Integer> groupedEndpoints = groupTables.groups(fabricIndex).stream()
                .flatMap(group -> group.endpoints().stream()).toList();
        if (groupKeyManagement.fabricRemoved(fabricIndex)) {
            groupsHandler.fabricRemoved(groupedEndpoints);
        }
        resumptions.removeFabric(fabricIndex);
        server.removeFabric(fabricIndex);
        resumer.fabricRemoved(fabricIndex);
        bridge.fabricRemoved(fabricIndex);
        node.closeFabricSessions(fabricIndex);
        groupcast.syncMemberships();
        if (advertiser != null) {
            // The fabric's root key and id are gone with it; withdraw by what was advertised, off the node loop.
            advertised.stream().filter(a -> a.fabricIndex() == fabricIndex).findFirst().ifPresent(a -> {
                advertised.remove(a);
                context.executor().execute(() -> advertiser.withdrawOperational(a.compressedFabricId(), a.nodeId()));
            });
        }
    }

    private static long compressedFabricId(Fabric fabric) {
        return java.nio.ByteBuffer.wrap(fabric.compressedFabricId().toByteArray()).getLong();
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

    /** A fast generator for data versions and ids, seeded from the crypto source (not for keys). */
    private java.util.random.RandomGenerator seededRandom() {
        return new java.util.SplittableRandom(java.nio.ByteBuffer.wrap(random.bytes(8)).getLong());
    }

    /**
     * The IM server over the model, with the commissioning command handlers. Access: the ACL entries of each
     * fabric, plus the Administer privilege a PASE commissioning session holds implicitly; the ACL attribute is
     * written through the ACL, which checks, stores, publishes and logs AccessControlEntryChanged.
     */
    private InteractionServer<Object> interactionServer(DataModel dataModel) {
        // One event log for the node, numbered past every number used before a restart (the bridge reserves them).
        EventLog eventLog = eventNumbers.log();
        acl.bind(dataModel, eventLog, context.clock());
        // Time Synchronization: Granularity and TimeSource follow the time source; TimeFailure at most hourly.
        ClusterInstance timeCluster = dataModel.cluster(0, TimeSynchronization.ID).orElseThrow();
        timeRefresh = context.scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMinutes(1),
                () -> node.execute(() -> {
                    if (nodeTime.refresh(timeCluster)) {
                        eventLog.record(0, TimeSynchronization.ID, TimeSynchronization.EVENT_TIME_FAILURE, 1,
                                context.clock().millis(), 0, new TlvElement.Structure(TlvTag.anonymous(), List.of()));
                    }
                }));
        AccessChecker access = AccessChecker.withPaseAdminister(acl);
        WriteEngine writes = new WriteEngine(dataModel, access);
        writes.setWriter(AccessControl.ID, AccessControl.ACL, acl.writer());
        java.util.random.RandomGenerator ids = seededRandom();
        InvokeDispatcher invokes = new InvokeDispatcher(dataModel, access, 1);
        invokes.setHandler(TimeSynchronization.ID, nodeTime);
        failSafe = new FailSafe(context.clock(), Duration.ofSeconds(RootNode.MAX_CUMULATIVE_FAIL_SAFE_SECONDS));
        invokes.setHandler(GeneralCommissioning.ID, new GeneralCommissioningHandler(failSafe, context.clock(),
                new GeneralCommissioningHandler.Hooks() {
                    @Override
                    public void scheduleExpiryCheck(Duration delay) {
                        context.scheduler().schedule(delay, () -> node.execute(() -> {
                            if (failSafe.checkExpiry()) {
                                // Matter core 11.10.7.2.2: a fail-safe that expires ends the PASE session too.
                                node.closePaseSessions();
                            }
                        }));
                    }

                    @Override
                    public void commissioningComplete(int fabricIndex) {
                        LOG.info("[matter] commissioning complete on fabric {}", fabricIndex);
                        fabricAddedTimes.commissioned(fabricIndex, context.clock().instant());
                        // Like the SDK, end the commissioner's PASE session once it has its CASE session.
                        node.closePaseSessions();
                        closeWindow("commissioning completed");
                    }
                }));
        attestationCommands = new AttestationCommands(new AttestationResponder(attestation));
        credentials = new OperationalCredentialsHandler(attestationCommands, fabrics, acl, failSafe,
                currentSession, dataModel, random, new OperationalCredentialsHandler.Hooks() {
                    @Override
                    public void fabricAdded(Fabric fabric) {
                        // The group directory may already list the new fabric's key sets.
                        groupcast.syncMemberships();
                        // DNS-SD may block while it probes: off the node loop.
                        context.executor().execute(() -> advertiseFabric(fabric));
                    }

                    @Override
                    public void fabricRemoved(int fabricIndex) {
                        onFabricRemoved(fabricIndex);
                    }
                });
        invokes.setHandler(OperationalCredentials.ID, credentials);
        groupKeyManagement = new GroupKeyManagementServer(groupTables, dataModel);
        invokes.setHandler(org.cpebridge.matter.cluster.standard.GroupKeyManagement.ID, groupKeyManagement);
        writes.setWriter(org.cpebridge.matter.cluster.standard.GroupKeyManagement.ID,
                org.cpebridge.matter.cluster.standard.GroupKeyManagement.GROUP_KEY_MAP, groupKeyManagement.writer());
        // A Groups command changes an endpoint's cluster: reported once the command's answer has gone.
        groupsHandler = new org.cpebridge.matter.bridge.GroupsHandler(groupTables, dataModel,
                groupKeyManagement::publish, paths -> node.execute(() -> glue.dataChanged(paths, false)));
        invokes.setHandler(org.cpebridge.matter.cluster.standard.Groups.ID, groupsHandler);
        invokes.setHandler(AdministratorCommissioning.ID, new AdministratorCommissioningHandler(failSafe,
                new AdministratorCommissioningHandler.Windows() {
                    @Override
                    public boolean isOpen() {
                        return node.isCommissioningWindowOpen();
                    }

                    @Override
                    public void openEnhanced(Spake2pVerifier verifier, PbkdfParameters pbkdf, int discriminator,
                                             Duration timeout, int adminFabricIndex) {
                        openEnhancedWindow(verifier, pbkdf, discriminator, timeout, adminFabricIndex);
                    }

                    @Override
                    public void revoke() {
                        closeWindow("revoked by an administrator");
                    }
                }));
        bridge = new MatterBridge(context.registry(), context.events(), context.commands(), context.store(),
                context.clock(), dataModel, eventNumbers, node::execute,
                (clusters, eventsLogged) -> glue.dataChanged(clusters, eventsLogged),
                context.config().get(MatterSettings.EXCLUDE), RootNode.SOFTWARE_VERSION, context.scheduler(),
                context.config().get(MatterSettings.COMMAND_ANSWER_WAIT), groupTables);
        bridge.install(invokes, writes);
        bridge.onEndpointRemoved(groupsHandler::endpointRemoved);
        groupInteractions = new org.cpebridge.matter.cluster.GroupInteractions(dataModel, writes, invokes);
        server = new InteractionServer<>(dataModel, eventLog, access, writes, invokes, new ReportChunker(), ids,
                context.clock(), SUBSCRIPTIONS_PER_FABRIC);
        return server;
    }

    /**
     * Opens a commissioning window for the household's console, so another ecosystem can pair: with its own fresh
     * passcode and discriminator (never stored, gone with the window), as an enhanced window that no administrator
     * opened. Refused while a window is open or the fabric table is full. Runs on the node loop.
     */
    org.cpebridge.core.spi.Pairing.Window openConsoleWindow() {
        if (node.isCommissioningWindowOpen()) {
            throw new IllegalStateException("a pairing window is already open");
        }
        if (fabrics.size() >= RootNode.SUPPORTED_FABRICS) {
            throw new IllegalStateException("this bridge is paired with " + fabrics.size()
                    + " home systems, the most it can hold; remove one first");
        }
        Duration timeout = context.config().get(MatterSettings.WINDOW);
        OnboardingData fresh = OnboardingData.random(random);
        SetupPayload payload = setupPayload(context.config(), fresh);
        node.openCommissioningWindow(new CommissioningWindow.Credentials(fresh.verifier(), fresh.pbkdf()), timeout);
        ClusterInstance admin = model.cluster(0, AdministratorCommissioning.ID).orElseThrow();
        admin.set(AdministratorCommissioning.WINDOW_STATUS, new TlvElement.UnsignedInt(TlvTag.anonymous(), 1));
        admin.set(AdministratorCommissioning.ADMIN_FABRIC_INDEX, new TlvElement.Null(TlvTag.anonymous()));
        admin.set(AdministratorCommissioning.ADMIN_VENDOR_ID, new TlvElement.Null(TlvTag.anonymous()));
        long window = ++windowGeneration;
        if (windowTimer != null) {
            windowTimer.cancel();
        }
        windowTimer = context.scheduler().schedule(timeout, () -> node.execute(() -> {
            if (windowGeneration == window) {
                closeWindow("the window opened from the console expired");
            }
        }));
        context.executor().execute(() -> {
            if (advertiser == null) {
                return;
            }
            try {
                advertiser.advertise(CommissionableService.of(instanceName(), node.localAddress().getPort(),
                        payload.discriminator(), payload.vendorId(), payload.productId(), CommissioningMode.ENHANCED)
                        .withDeviceName(context.config().get(MatterSettings.DEVICE_NAME)));
            } catch (DnsSdException e) {
                LOG.warn("[matter] cannot advertise the console's window: {}", e.getMessage());
            }
        });
        shownWindow = new org.cpebridge.core.spi.Pairing.Window(QrCodePayload.encode(payload),
                formatManualCode(ManualPairingCode.encode(payload)), context.clock().instant().plus(timeout));
        LOG.info("[matter] commissioning window with its own code opened from the console for {} min",
                timeout.toMinutes());
        return shownWindow;
    }

    /** Closes whatever window is open, for the household's console; false when none was. Runs on the node loop. */
    boolean closeConsoleWindow() {
        if (!node.isCommissioningWindowOpen()) {
            return false;
        }
        closeWindow("closed from the console");
        return true;
    }

    /** Takes the bridge off a fabric the way RemoveFabric does, for the household's console. Runs on the node loop. */
    boolean removeFabricForConsole(int fabricIndex) {
        return credentials.remove(fabricIndex, "from the console");
    }

    /** The basic window's codes if it is still open. Runs on the node loop. */
    java.util.Optional<org.cpebridge.core.spi.Pairing.Window> shownWindowCodes() {
        org.cpebridge.core.spi.Pairing.Window window = shownWindow;
        return window != null && node.isCommissioningWindowOpen()
                && context.clock().instant().isBefore(window.closesAt()) ? java.util.Optional.of(window)
                : java.util.Optional.empty();
    }

    /** Completes once the IM warm-up of the start has run: true when each of its requests was answered with data. */
    public java.util.concurrent.CompletableFuture<Boolean> interactionWarmUp() {
        return interactionWarmUp;
    }

    /** The port the console uses (after {@link #start}); tests call it directly. */
    public org.cpebridge.core.spi.Pairing pairingPort() {
        return pairing;
    }

    /** The fabrics the bridge is on. */
    java.util.List<org.cpebridge.core.spi.Pairing.PairedFabric> pairedFabrics() {
        return fabrics.fabrics().stream().map(f -> new org.cpebridge.core.spi.Pairing.PairedFabric(f.fabricIndex(),
                f.label(), f.vendorId(), fabricAddedTimes.of(f.fabricIndex()))).toList();
    }

    /**
     * The node's groups and group keys (after {@link #start}), for what else needs them: Scenes Management asks
     * whether a group exists on an endpoint, the receive path of group messages for the keys and the members.
     */
    public GroupDirectory groups() {
        return groupTables;
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
                + TerminalQrRenderer.render(QrCodePayload.symbol(qrText))
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
        if (pairing != null) {
            context.ports().withdraw(org.cpebridge.core.spi.Pairing.class, pairing);
        }
        if (windowTimer != null) {
            windowTimer.cancel();
        }
        if (timeRefresh != null) {
            timeRefresh.cancel();
        }
        if (advertiser != null) {
            advertiser.close();
        }
        if (node != null && bridge != null) {
            // ShutDown is logged (and its number reserved) on the node loop before the node stops.
            java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
            node.execute(() -> {
                // First: what fails while the node stops (the ShutDown report) must not forget subscriptions.
                resumer.stop();
                bridge.close();
                stopped.complete(null);
            });
            try {
                stopped.get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("[matter] bridge did not stop cleanly: {}", e.toString());
            }
        }
        if (node != null) {
            node.close();
        }
        if (resumptions != null) {
            // The sessions of just before the stop can resume after the restart.
            resumptions.flush();
        }
        if (fabricAddedTimes != null) {
            fabricAddedTimes.flush();
        }
        LOG.debug("[matter] stopped");
    }
}
