package org.cpebridge.usp.agent.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.DeviceField;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.DeviceTarget;
import org.cpebridge.privacy.policy.TargetKind;
import org.cpebridge.usp.agent.access.TargetExpander;
import org.cpebridge.usp.agent.model.BootCause;
import org.cpebridge.usp.agent.model.DeviceTargets;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.IotCapabilities;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.agent.model.ProxiedDeviceProvider;
import org.cpebridge.usp.agent.model.Tr181Schema;
import org.cpebridge.usp.proto.UspMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what happens into USP Notify messages for the matching subscriptions, event-driven (no polling):
 * <ul>
 * <li>core events: StateChanged gives ValueChange on {@code IoTCapability.{i}.<Class>.Value}, a rename ValueChange on
 * {@code Name}, reachability ValueChange on {@code Online}, a new or removed device ObjectCreation/ObjectDeletion of
 * its {@code ProxiedDevice.{i}.}, a capability event (button, alarm) the Event
 * {@code ProxiedDevice.{i}.X_CPEBRIDGE_CapabilityEvent!};</li>
 * <li>the agent: ValueChange of Controller parameters written by Set, {@code Device.Boot!}, {@code Device.LocalAgent.Periodic!}, OperationComplete of asynchronous
 * commands, ObjectCreation/ObjectDeletion of subscription rows, and OnBoardRequest (no subscription).</li>
 * </ul>
 * Each notification is checked against the recipient's {@code n} right first; one that a core event caused hands the
 * policy the event's device data ({@link DeviceTargets}), so the privacy policy decides on what the event carried.
 * A subscription with NotifRetry sends with {@code send_resp=true} and the {@link NotifyOutbox} retries until the
 * NotifyResp comes or NotifExpiration passes. Call every method on the agent's executor.
 */
public final class Notifier implements SubscriptionTable.RowListener {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final SubscriptionTable subscriptions;
    private final InstanceNumbers numbers;
    private final DeviceRegistry registry;
    private final AccessPolicy policy;
    private final LocalAgentProvider localAgent;
    private final NotifyOutbox outbox;
    private final TargetExpander searches;
    private final AtomicLong nextMsgId = new AtomicLong(1);
    private final String msgIdPrefix;

    /**
     * @param msgIdPrefix starts every Notify's msg_id; give each start of the agent its own (e.g. from the start time),
     *                    so that a Controller never sees a msg_id of an earlier run again
     */
    public Notifier(SubscriptionTable subscriptions, InstanceNumbers numbers, DeviceRegistry registry,
            AccessPolicy policy, LocalAgentProvider localAgent, NotifyOutbox outbox, String msgIdPrefix) {
        this(subscriptions, numbers, registry, policy, localAgent, outbox, msgIdPrefix, TargetExpander.NONE);
    }

    /**
     * @param searches evaluates ReferenceList entries with search expressions against the live model (TP-469 1.84);
     *                 {@link TargetExpander#NONE} makes them match nothing
     */
    public Notifier(SubscriptionTable subscriptions, InstanceNumbers numbers, DeviceRegistry registry,
            AccessPolicy policy, LocalAgentProvider localAgent, NotifyOutbox outbox, String msgIdPrefix,
            TargetExpander searches) {
        this.searches = Objects.requireNonNull(searches, "searches");
        this.msgIdPrefix = Objects.requireNonNull(msgIdPrefix, "msgIdPrefix");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.localAgent = Objects.requireNonNull(localAgent, "localAgent");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    public void onEvent(DeviceEvent event) {
        if (event instanceof DeviceEvent.StateChanged change) {
            registry.device(change.attribute().device()).ifPresent(device -> {
                List<IotCapabilities.Row> rows = IotCapabilities.rowsOf(device);
                for (int k = 0; k < rows.size(); k++) {
                    IotCapabilities.Row row = rows.get(k);
                    if (row.capability().key().equals(change.attribute().capability())
                            && row.attribute().name().equals(change.attribute().attribute())) {
                        String path = devicePath(device.id()) + "IoTCapability." + (k + 1) + "."
                                + row.iotClass().name() + ".Value";
                        valueChange(path, ProxiedDeviceProvider.format(change.current()),
                                Optional.of(DeviceTargets.attribute(device.id(), row)));
                    }
                }
            });
        } else if (event instanceof DeviceEvent.DeviceChanged changed) {
            if (!changed.before().name().equals(changed.after().name())) {
                valueChange(devicePath(changed.after().id()) + "Name", changed.after().name(),
                        Optional.of(DeviceTargets.field(changed.after().id(), DeviceField.NAME)));
            }
        } else if (event instanceof DeviceEvent.ReachabilityChanged reach) {
            valueChange(devicePath(reach.device()) + "Online", Boolean.toString(reach.reachable()),
                    Optional.of(DeviceTargets.field(reach.device(), DeviceField.REACHABLE)));
        } else if (event instanceof DeviceEvent.DeviceAdded added) {
            String path = devicePath(added.added().id());
            created(path, Map.of("Alias", "cpe-" + numbers.numberOf(added.added().id())),
                    Optional.of(DeviceTargets.wholeDevice(added.added().id())));
        } else if (event instanceof DeviceEvent.DeviceRemoved removed) {
            numbers.find(removed.removed().id()).ifPresent(n -> deleted("Device.ProxiedDevice." + n + ".",
                    Optional.of(DeviceTargets.wholeDevice(removed.removed().id()))));
        } else if (event instanceof DeviceEvent.CapabilityEvent happened) {
            capabilityEvent(happened);
        }
    }

    /**
     * Sends the {@code Device.Boot!} Event (TR-181 Device.Boot!, TP-469 section 9) to the Event subscriptions that
     * reference it; the agent calls this once, when its first MTP link comes up after start. ParameterMap is always
     * {@code {}}: {@code Controller.{i}.BootParameter.{i}.} is not served.
     */
    public void boot(BootCause cause) {
        UspMsg.Notify.Event.Builder event = UspMsg.Notify.Event.newBuilder().setObjPath("Device.")
                .setEventName("Boot!").putParams("CommandKey", cause.commandKey()).putParams("Cause", cause.cause())
                .putParams("Reason", cause.reason()).putParams("FirmwareUpdated", "false")
                .putParams("ParameterMap", "{}");
        event("Device.Boot!", event, Optional.empty());
    }

    /** {@link #boot(BootCause)} with no command key and an unknown reason. */
    public void boot(String cause) {
        boot(new BootCause(cause, "", "Unknown"));
    }

    /** {@code Device.LocalAgent.Periodic!} to the Event subscriptions of one Controller (its periodic timer fired). */
    public void periodic(String controllerId) {
        String path = Tr181Schema.LOCAL_AGENT + "Periodic!";
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.recipientEndpointId().equals(controllerId) && s.notifType().equals("Event") && covers(s, path)
                    && allowed(s, TargetKind.COMMAND_EVENT, path, Optional.empty())) {
                send(s, UspMsg.Notify.newBuilder().setEvent(UspMsg.Notify.Event.newBuilder()
                        .setObjPath(Tr181Schema.LOCAL_AGENT).setEventName("Periodic!")));
            }
        }
    }

    /**
     * An asynchronous command finished: OperationComplete to the subscriptions whose ReferenceList covers the command
     * (e.g. {@code Device.X.Cmd()}, {@code Device.X.}) or its Request row (TR-369 "Asynchronous Operations").
     */
    public void operationComplete(String requestPath, UspMsg.Notify.OperationComplete result) {
        String commandPath = result.getObjPath() + result.getCommandName();
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("OperationComplete") && (covers(s, commandPath) || covers(s, requestPath))
                    && allowed(s, TargetKind.COMMAND_EVENT, commandPath, Optional.empty())) {
                send(s, UspMsg.Notify.newBuilder().setOperComplete(result));
            }
        }
    }

    /**
     * Sends an OnBoardRequest to a Controller (TR-369 R-NOT.5/6/6a): no subscription ({@code subscription_id} empty,
     * R-NOT.7), {@code send_resp=true}, retried until answered and never expiring.
     */
    public void onBoardRequest(String controllerId, UspMsg.Notify.OnBoardRequest request, Runnable onAnswered) {
        UspMsg.Msg msg = message(UspMsg.Notify.newBuilder().setSubscriptionId("").setSendResp(true)
                .setOnBoardReq(request));
        LOG.debug("[usp {}] OnBoardRequest {}", controllerId, msg.getHeader().getMsgId());
        outbox.sendUntilAnswered(controllerId, msg, retrySchedule(controllerId), Duration.ZERO, onAnswered);
    }

    /** ValueChange for a parameter the agent owns (a Controller's ProvisioningCode set by a Controller). */
    public void parameterChanged(String path, String value) {
        valueChange(path, value, Optional.empty());
    }

    /** A NotifyResp (or Error) from a Controller. */
    public void answered(String controllerId, String msgId) {
        outbox.answered(controllerId, msgId);
    }

    /** ObjectCreation for a new subscription row. */
    @Override
    public void created(String path, Map<String, String> uniqueKeys) {
        created(path, uniqueKeys, Optional.empty());
    }

    /** ObjectDeletion for a removed subscription row. */
    @Override
    public void deleted(String path) {
        deleted(path, Optional.empty());
    }

    private void created(String path, Map<String, String> uniqueKeys, Optional<DeviceTarget> target) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("ObjectCreation") && !s.path().equals(path) && covers(s, path)
                    && allowed(s, TargetKind.OBJECT, path, target)) {
                send(s, UspMsg.Notify.newBuilder().setObjCreation(UspMsg.Notify.ObjectCreation.newBuilder()
                        .setObjPath(path).putAllUniqueKeys(new TreeMap<>(uniqueKeys))));
            }
        }
    }

    private void deleted(String path, Optional<DeviceTarget> target) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("ObjectDeletion") && covers(s, path)
                    && allowed(s, TargetKind.INSTANTIATED_OBJECT, path, target)) {
                send(s, UspMsg.Notify.newBuilder().setObjDeletion(UspMsg.Notify.ObjectDeletion.newBuilder()
                        .setObjPath(path)));
            }
        }
    }

    private void capabilityEvent(DeviceEvent.CapabilityEvent happened) {
        numbers.find(happened.device()).ifPresent(n -> {
            String objPath = "Device.ProxiedDevice." + n + ".";
            Map<String, Object> fields = new TreeMap<>();
            happened.fields().forEach((name, value) -> fields.put(name, ProxiedDeviceProvider.format(value)));
            UspMsg.Notify.Event.Builder event = UspMsg.Notify.Event.newBuilder().setObjPath(objPath)
                    .setEventName(Tr181Schema.CAPABILITY_EVENT + "!")
                    .putParams("Capability", happened.capability()).putParams("Event", happened.event())
                    .putParams("Fields", Json.write(fields));
            event(objPath + Tr181Schema.CAPABILITY_EVENT + "!", event,
                    Optional.of(DeviceTargets.capabilityEvent(happened.device())));
        });
    }

    private void event(String eventPath, UspMsg.Notify.Event.Builder event, Optional<DeviceTarget> target) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("Event") && covers(s, eventPath)
                    && allowed(s, TargetKind.COMMAND_EVENT, eventPath, target)) {
                send(s, UspMsg.Notify.newBuilder().setEvent(event.clone()));
            }
        }
    }

    private String devicePath(DeviceId id) {
        return "Device.ProxiedDevice." + numbers.numberOf(id) + ".";
    }

    private void valueChange(String path, String value, Optional<DeviceTarget> target) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("ValueChange") && covers(s, path)
                    && allowed(s, TargetKind.PARAMETER, path, target)) {
                send(s, UspMsg.Notify.newBuilder().setValueChange(UspMsg.Notify.ValueChange.newBuilder()
                        .setParamPath(path).setParamValue(value)));
            }
        }
    }

    private boolean covers(SubscriptionTable.Entry s, String path) {
        for (String reference : s.references()) {
            if (!reference.contains("[")) {
                if (ReferenceMatcher.matches(reference, path)) {
                    return true;
                }
            } else if (searches.expand(reference).stream().anyMatch(r -> ReferenceMatcher.matches(r, path))) {
                // Evaluated when the notification is due, so the search sees the values the event left behind.
                return true;
            }
        }
        return false;
    }

    /** {@code target}: the device data the event carried; empty for the agent's own paths (no device behind them). */
    private boolean allowed(SubscriptionTable.Entry s, TargetKind kind, String path, Optional<DeviceTarget> target) {
        if (policy.rights(new AccessRequest(s.recipientEndpointId(), kind, path, target)).notification()) {
            return true;
        }
        LOG.debug("[usp {}] notification on {} withheld by the access policy", s.recipientEndpointId(), path);
        return false;
    }

    private void send(SubscriptionTable.Entry subscription, UspMsg.Notify.Builder notify) {
        notify.setSubscriptionId(subscription.id()).setSendResp(subscription.notifRetry());
        UspMsg.Msg msg = message(notify);
        LOG.trace("[usp {}] notify {} for {}", subscription.recipientEndpointId(), msg.getHeader().getMsgId(),
                subscription.path());
        if (subscription.notifRetry()) {
            outbox.sendUntilAnswered(subscription.recipientEndpointId(), msg,
                    retrySchedule(subscription.recipientEndpointId()),
                    Duration.ofSeconds(subscription.notifExpiration()), () -> { });
        } else {
            outbox.sendOnce(subscription.recipientEndpointId(), msg);
        }
    }

    private UspMsg.Msg message(UspMsg.Notify.Builder notify) {
        return UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgIdPrefix + nextMsgId.getAndIncrement())
                        .setMsgType(UspMsg.Header.MsgType.NOTIFY))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder().setNotify(notify)))
                .build();
    }

    private RetrySchedule retrySchedule(String controllerId) {
        return localAgent.controllerValues(controllerId).map(v -> RetrySchedule.of(
                v.get("USPNotifRetryMinimumWaitInterval"), v.get("USPNotifRetryIntervalMultiplier")))
                .orElse(RetrySchedule.DEFAULT);
    }
}
