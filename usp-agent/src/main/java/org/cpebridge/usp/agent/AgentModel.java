package org.cpebridge.usp.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.event.Subscription;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.DailyEnergyTotals;
import org.cpebridge.privacy.policy.HouseholdPrivacyPolicy;
import org.cpebridge.privacy.policy.PrivacyRules;
import org.cpebridge.usp.agent.access.Permission;
import org.cpebridge.usp.agent.access.PrivacyAudit;
import org.cpebridge.usp.agent.model.PrivacyObjectsProvider;
import org.cpebridge.usp.agent.access.LayeredAccessPolicy;
import org.cpebridge.usp.agent.access.OwnSubscriptions;
import org.cpebridge.usp.agent.access.RoleBasedAccessPolicy;
import org.cpebridge.usp.agent.access.SearchTargets;
import org.cpebridge.usp.agent.model.ControllerRoles;
import org.cpebridge.usp.agent.model.ControllerTrustProvider;
import org.cpebridge.usp.agent.model.DeviceTargets;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.TimeSource;
import org.cpebridge.usp.agent.model.BootCause;
import org.cpebridge.usp.agent.model.DeviceInfoProvider;
import org.cpebridge.usp.agent.model.TimeProvider;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.agent.model.MqttClientProvider;
import org.cpebridge.usp.agent.model.MqttClientState;
import org.cpebridge.usp.agent.model.ProxiedDeviceProvider;
import org.cpebridge.usp.agent.model.RootProvider;
import org.cpebridge.usp.agent.model.SelfTest;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.agent.model.UleProvider;
import org.cpebridge.usp.agent.model.ZigBeeProvider;
import org.cpebridge.usp.datamodel.DataModel;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.message.AsyncRequests;
import org.cpebridge.usp.mtp.mqtt.MqttVersion;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.message.OperationCompleteListener;
import org.cpebridge.usp.agent.notify.Notifier;
import org.cpebridge.usp.agent.notify.NotifyOutbox;
import org.cpebridge.usp.agent.notify.OnBoarding;
import org.cpebridge.usp.agent.notify.PeriodicNotifier;
import org.cpebridge.usp.agent.notify.RequestTable;
import org.cpebridge.usp.agent.notify.SubscriptionTable;
import org.cpebridge.usp.proto.UspMsg;

/**
 * The agent's data model and message handlers wired over a face context, without any MTP: what {@link UspFace}
 * serves, and what the model tests drive directly. Notifications: the {@link Notifier} (core events, OperationComplete
 * of asynchronous commands, subscription rows), its {@link NotifyOutbox} (NotifRetry, fed by NotifyResp), Periodic!
 * timers, OnBoardRequest and the Boot! Event; all timers come from the context's scheduler and run on the agent's
 * executor.
 */
public final class AgentModel {
    private final DataModel model;
    private final LocalAgentProvider localAgent;
    private final ControllerTrustProvider trust;
    private final InstanceNumbers numbers;
    private final MessageDispatcher dispatcher;
    private final SubscriptionTable subscriptions;
    private final Notifier notifier;
    private final AtomicReference<String> requester;
    private final AtomicLong generation;
    private final NotifyOutbox outbox;
    private final PeriodicNotifier periodic;
    private final OnBoarding onBoarding;
    private final AsyncRequests requests;
    private final DurableStore store;
    private final MqttClientState mqttClient;
    private final HouseholdPrivacyPolicy household;
    private final AccessLog accessLog;
    private final Optional<Subscription> meterReadings;
    private final AnswerFirstServiceControl serviceRequests;

    private AgentModel(DataModel model, LocalAgentProvider localAgent, ControllerTrustProvider trust,
            InstanceNumbers numbers, MessageDispatcher dispatcher, SubscriptionTable subscriptions, Notifier notifier,
            AtomicReference<String> requester, AtomicLong generation, NotifyOutbox outbox, PeriodicNotifier periodic,
            OnBoarding onBoarding, AsyncRequests requests, DurableStore store, MqttClientState mqttClient,
            AnswerFirstServiceControl serviceRequests, HouseholdPrivacyPolicy household, AccessLog accessLog,
            Optional<Subscription> meterReadings) {
        this.meterReadings = meterReadings;
        this.household = household;
        this.accessLog = accessLog;
        this.model = model;
        this.localAgent = localAgent;
        this.trust = trust;
        this.numbers = numbers;
        this.dispatcher = dispatcher;
        this.subscriptions = subscriptions;
        this.notifier = notifier;
        this.requester = requester;
        this.generation = generation;
        this.outbox = outbox;
        this.periodic = periodic;
        this.onBoarding = onBoarding;
        this.requests = requests;
        this.store = store;
        this.mqttClient = mqttClient;
        this.serviceRequests = serviceRequests;
    }

    /**
     * Builds the model; devices already in the registry get instance numbers now, in registry order.
     *
     * @param agentExecutor where device answers are handed back (the agent's serial executor)
     * @param notifySink    receives (Controller Endpoint ID, Notify message) for each notification
     */
    public static AgentModel build(FaceContext context, String endpointId, String agentTopic,
            Executor agentExecutor, BiConsumer<String, UspMsg.Msg> notifySink) {
        return build(context, endpointId, agentTopic, agentExecutor, notifySink, AccessPolicy.FULL_ACCESS);
    }

    /**
     * As above, with the privacy-policy module's policy, which must allow what the ControllerTrust roles allow
     * before the agent answers or notifies.
     */
    public static AgentModel build(FaceContext context, String endpointId, String agentTopic,
            Executor agentExecutor, BiConsumer<String, UspMsg.Msg> notifySink, AccessPolicy privacy) {
        Objects.requireNonNull(privacy, "privacy");
        return build(context, endpointId, agentTopic, agentExecutor, notifySink, privacy, PrivacyRules.SHIPPED);
    }

    /**
     * As above, with the household's privacy policy: device data by privacy class per role ({@code rules}), the
     * household's grants, and the transparency log of every request and notification of a non-household
     * Controller. This is what {@link UspFace} runs.
     */
    public static AgentModel build(FaceContext context, String endpointId, String agentTopic,
            Executor agentExecutor, BiConsumer<String, UspMsg.Msg> notifySink, PrivacyRules rules) {
        Objects.requireNonNull(rules, "rules");
        return build(context, endpointId, agentTopic, agentExecutor, notifySink, null, rules);
    }

    /** {@code privacy} null: the household policy over {@code rules}, audited; else {@code privacy}, not audited. */
    private static AgentModel build(FaceContext context, String endpointId, String agentTopic,
            Executor agentExecutor, BiConsumer<String, UspMsg.Msg> notifySink, AccessPolicy givenPrivacy,
            PrivacyRules rules) {
        Objects.requireNonNull(agentExecutor, "agentExecutor");
        Config config = context.config();
        ServiceControl.BridgeInfo info = context.serviceControl().bridgeInfo();
        ObjectSchema schema = Tr181Schema.build();
        InstanceNumbers numbers = new InstanceNumbers(context.store());
        LocalAgentProvider localAgent = new LocalAgentProvider(schema, context.store(), endpointId,
                info.softwareVersion(), agentTopic, config.get(UspSettings.CONTROLLER_ENDPOINT_ID),
                config.get(UspSettings.CONTROLLER_TOPIC), config.get(UspSettings.CONTROLLER_ON_BOARD));
        MqttClientState mqttClient = new MqttClientState(new MqttClientState.Settings(config.get(UspSettings.MQTT_URL),
                config.get(UspSettings.MQTT_VERSION) == MqttVersion.V5 ? "5.0" : "3.1.1",
                config.get(UspSettings.MQTT_KEEP_ALIVE), config.get(UspSettings.MQTT_RETRY_MIN),
                config.get(UspSettings.MQTT_RETRY_MAX), Optional.ofNullable(config.get(UspSettings.MQTT_USERNAME)),
                List.of(agentTopic)), context.clock());
        ZigBeeProvider zigbee = new ZigBeeProvider(context.registry());
        UleProvider ule = new UleProvider(context.registry());
        ControllerTrustProvider trust = new ControllerTrustProvider(schema, context.store());
        localAgent.roleValidator(trust::roleExists);
        trust.onRoleDeleted(localAgent::dropRoleReference);
        ProxiedDeviceProvider proxied = new ProxiedDeviceProvider(context.registry(), context.commands(), numbers,
                agentExecutor, id -> zigbee.associatedDevicePath(id).or(() -> ule.nodePath(id)));
        for (Device device : context.registry().devices()) {
            numbers.numberOf(device.id());
        }
        numbers.flush();
        AtomicReference<String> requester = new AtomicReference<>("");
        SubscriptionTable subscriptions = new SubscriptionTable(schema, context.store(), context.clock(),
                context.scheduler(), agentExecutor, localAgent, requester::get);
        AsyncRequests requests = new AsyncRequests(Tr181Schema.REQUESTS);
        DeviceInfoProvider deviceInfo = new DeviceInfoProvider(info, config.get(UspSettings.OUI_KEY), context.clock());
        SelfTest selfTest = new SelfTest(context.store(), context.registry(), mqttClient, context.executor(),
                context.clock());
        GrantBook grants = new GrantBook(context.store(), context.clock());
        // Energy without surveillance: computed at all only when the household opted in.
        Optional<DailyEnergyTotals> dailyEnergy = rules.energyDailyTotals()
                ? Optional.of(new DailyEnergyTotals(context.store(), context.clock())) : Optional.empty();
        Optional<Subscription> meterReadings = dailyEnergy.map(totals -> context.events().subscribe("usp-energy",
                event -> {
                    if (event instanceof DeviceEvent.StateChanged s && s.privacy() == PrivacyClass.ENERGY
                            && s.attribute().attribute().equals("energy")) {
                        double kWh = s.current() instanceof Value.Decimal d ? d.value()
                                : s.current() instanceof Value.Int i ? i.value() : Double.NaN;
                        totals.reading(s.attribute().device() + "/" + s.attribute().capability(), kWh);
                    }
                }));
        // On the service's file store the log's batches are made durable by an append to its journal file (one
        // fdatasync, no file-system journal commit), which a non-household Controller's answer waits for: issue 17's
        // policy cost (docs/privacy-policy.md, "Measured").
        AccessLog accessLog = context.store() instanceof FileDurableStore files
                && context.config().get(UspSettings.PRIVACY_LOG_JOURNAL)
                ? AccessLog.journaled(files, context.clock()) : new AccessLog(context.store(), context.clock());
        AtomicReference<DataModel> modelRef = new AtomicReference<>();
        SearchTargets grantSearches = new SearchTargets(modelRef::get, new AtomicLong()::incrementAndGet);
        // Asked for on every item of every answer: kept until the Controller table or the roles change.
        ControllerRoles controllerRoles = new ControllerRoles(localAgent, trust);
        HouseholdPrivacyPolicy household = new HouseholdPrivacyPolicy(rules,
                controllerRoles::enabledNames, grants,
                (target, path) -> Permission.of(0, target, "r---", "r---", "r---", "r---").covers(path,
                        grantSearches));
        AccessPolicy privacy = givenPrivacy == null ? household : givenPrivacy;
        AnswerFirstServiceControl serviceRequests = new AnswerFirstServiceControl(context.serviceControl());
        DataModel model = DataModel.builder(schema, new RootProvider(serviceRequests, proxied::count,
                        context.store(), selfTest::run))
                .mount(Tr181Schema.DEVICE_INFO, deviceInfo)
                .mount(Tr181Schema.TIME, new TimeProvider(TimeSource.of(context.clock())))
                .mount(Tr181Schema.LOCAL_AGENT, localAgent)
                .mount(Tr181Schema.CONTROLLER_TRUST, trust)
                .mount(Tr181Schema.PROXIED_DEVICE, proxied)
                .mount(Tr181Schema.MQTT, new MqttClientProvider(mqttClient))
                .mount(Tr181Schema.ZIGBEE, zigbee)
                .mount(Tr181Schema.ULE, ule)
                .mount(Tr181Schema.PRIVACY, new PrivacyObjectsProvider(grants, accessLog, household::isHousehold,
                        id -> localAgent.controllers().stream().anyMatch(c -> c.endpointId().equals(id)),
                        dailyEnergy))
                .mount(Tr181Schema.SUBSCRIPTIONS + "{i}.", subscriptions)
                .mount(Tr181Schema.REQUESTS + "{i}.", new RequestTable(requests))
                .build();
        modelRef.set(model);
        // Messages reuse a search target's expansion until the next message (handling() bumps the generation);
        // notifications, driven by core events that may have changed the searched values, always evaluate afresh.
        AtomicLong generation = new AtomicLong();
        // Per message, one device lookup per object instance; per notification, one per question.
        DeviceTargets devices = DeviceTargets.perRequest(context.registry(), numbers, generation::get);
        DeviceTargets notifiedDevices = new DeviceTargets(context.registry(), numbers);
        AtomicLong everyCall = new AtomicLong();
        // A Controller that may not manage Controllers reaches only its own subscription rows.
        AccessPolicy forMessages = new LayeredAccessPolicy(new OwnSubscriptions(RoleBasedAccessPolicy.compiled(
                controllerRoles::compiled, new SearchTargets(() -> model, generation::get)),
                subscriptions::recipientOf), privacy, devices::of, DeviceTargets::classOfPath);
        AccessPolicy forNotifications = new LayeredAccessPolicy(new OwnSubscriptions(RoleBasedAccessPolicy.compiled(
                controllerRoles::compiled, new SearchTargets(() -> model, everyCall::incrementAndGet)),
                subscriptions::recipientOf), privacy, notifiedDevices::of, DeviceTargets::classOfPath);
        PrivacyAudit audit = null;
        if (givenPrivacy == null) {
            // The household's policy: every request and notification of a non-household Controller is logged.
            audit = new PrivacyAudit(household, accessLog, forNotifications);
            forMessages = audit.watching(forMessages);
            forNotifications = audit.notifying(forNotifications);
        }
        NotifyOutbox outbox = new NotifyOutbox(notifySink, context.scheduler(), context.clock(), agentExecutor,
                () -> ThreadLocalRandom.current().nextDouble());
        // A msg_id prefix per start: the Boot! Notify of each run is a new message to the Controller.
        Notifier notifier = new Notifier(subscriptions, numbers, context.registry(), forNotifications, localAgent, outbox,
                "NOTIFY@cpe-" + Long.toString(context.clock().millis(), 36) + "-",
                new SearchTargets(() -> model, everyCall::incrementAndGet));
        subscriptions.onRows(notifier);
        // Commands complete on provider threads; the notifier lives on the agent's executor.
        OperationCompleteListener completions = (controllerId, requestPath, result) ->
                agentExecutor.execute(() -> notifier.operationComplete(requestPath, result));
        MessageDispatcher dispatcher = new MessageDispatcher(model, forMessages, requests, completions);
        if (audit != null) {
            dispatcher.audit(audit);
        }
        dispatcher.onNotifyAnswer(notifier::answered);

        Map<String, String> identity = deviceInfo.values(model.rootInstance().child(schema.child("DeviceInfo")
                .orElseThrow()));
        OnBoarding onBoarding = new OnBoarding(notifier, localAgent, context.scheduler(), agentExecutor,
                identity.getOrDefault("ManufacturerOUI", ""), identity.getOrDefault("ProductClass", ""),
                identity.getOrDefault("SerialNumber", ""), MessageDispatcher.SUPPORTED_VERSIONS);
        PeriodicNotifier periodic = new PeriodicNotifier(notifier, localAgent, context.scheduler(), context.clock(),
                agentExecutor);
        localAgent.onSendOnBoardRequest(onBoarding::request);
        localAgent.onControllerSet((path, values) -> values.forEach((name, value) ->
                notifier.parameterChanged(path + name, value)));
        localAgent.onControllersChanged(() -> {
            subscriptions.dropOrphans();
            periodic.refresh();
            onBoarding.refresh();
        });
        periodic.refresh();
        return new AgentModel(model, localAgent, trust, numbers, dispatcher, subscriptions, notifier, requester,
                generation, outbox, periodic, onBoarding, requests, context.store(), mqttClient, serviceRequests,
                household, accessLog, meterReadings);
    }

    /**
     * Sends the {@code Device.Boot!} Event with the cause the previous run stored ({@code RemoteReboot} and the
     * command_key after {@code Device.Reboot()}, else {@code LocalReboot}), then forgets the stored cause, and sends
     * OnBoardRequest to every enabled Controller whose OnBoardingComplete is false (R-NOT.5 item 3). Call once, on
     * the agent's executor, when the first MTP link is up.
     */
    public void announceBoot() {
        notifier.boot(BootCause.pending(store));
        BootCause.clear(store);
        onBoarding.atStart();
    }

    /** The running asynchronous commands ({@code Device.LocalAgent.Request.}). */
    public AsyncRequests requests() {
        return requests;
    }

    /** Notifications waiting for a NotifyResp. */
    public int notificationsAwaitingAnswer() {
        return outbox.awaitingAnswer();
    }

    /**
     * Passes on to the service the restart or factory reset the last message asked for. Call it once that message's
     * answers are handed to the MTP (agent's executor), so that the Controller gets its OperateResp first.
     */
    public void releaseServiceRequests() {
        serviceRequests.release();
    }

    /** Whether {@link #beforeSending} would write to the store now (new device instance numbers wait). */
    public boolean sendingWouldWrite() {
        return numbers.hasUnstored();
    }

    /** Stores new device instance numbers before anything that may carry one is sent (agent's executor). */
    public void beforeSending() {
        numbers.flush();
    }

    /**
     * Stops the notification timers (retries, Periodic!, on-boarding restarts, TimeToLive); stores new numbers;
     * writes the access log's pending entries and stops its writer.
     */
    public void close() {
        numbers.flush();
        meterReadings.ifPresent(Subscription::close);
        outbox.close();
        periodic.close();
        onBoarding.close();
        subscriptions.close();
        accessLog.close();
    }

    /** The household's policy: role classes and grants ({@code Device.X_CPEBRIDGE_Privacy.Grant.}). */
    public HouseholdPrivacyPolicy privacy() {
        return household;
    }

    /** The transparency log ({@code Device.X_CPEBRIDGE_Privacy.AccessLog.}). */
    /** The household's grants and log for the web console, run on {@code agentExecutor} (their owning thread). */
    public org.cpebridge.privacy.HouseholdPrivacy householdPrivacy(Executor agentExecutor) {
        return new HouseholdPrivacyPort(localAgent, household, accessLog, agentExecutor);
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    /** {@code Device.MQTT.Client.1.}: what the face reports of its MQTT MTP (update it on the agent's executor). */
    public MqttClientState mqttClient() {
        return mqttClient;
    }

    public DataModel model() {
        return model;
    }

    public LocalAgentProvider localAgent() {
        return localAgent;
    }

    /** {@code Device.LocalAgent.ControllerTrust.}: the roles and their permissions. */
    public ControllerTrustProvider trust() {
        return trust;
    }

    public InstanceNumbers numbers() {
        return numbers;
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    public SubscriptionTable subscriptions() {
        return subscriptions;
    }

    /** Turns core events into Notify messages; call it on the agent's executor. */
    public Notifier notifier() {
        return notifier;
    }

    /**
     * Names the Controller whose message is handled next on the agent's executor (a new Subscription row's
     * Recipient), and starts a new model generation, so search expressions in permission Targets are evaluated
     * again for this message. Call before {@link MessageDispatcher#handle}.
     */
    public void handling(String controllerId) {
        requester.set(controllerId);
        generation.incrementAndGet();
    }

    /**
     * {@link #handling} then {@link MessageDispatcher#handle}, and once the answer is ready the restart or factory
     * reset the message asked for is passed on ({@link #releaseServiceRequests}), as {@link UspFace} does after
     * sending the answer. For callers without an MTP (the model tests); on the agent's executor.
     */
    public CompletionStage<Optional<UspMsg.Msg>> handle(String controllerId, UspMsg.Msg msg) {
        handling(controllerId);
        return dispatcher.handle(controllerId, msg).thenApply(answer -> {
            beforeSending();
            releaseServiceRequests();
            return answer;
        });
    }
}
