package org.cpebridge.usp.agent.notify;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.cpebridge.core.event.DeviceEvent;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.TargetKind;
import org.cpebridge.usp.agent.model.InstanceNumbers;
import org.cpebridge.usp.agent.model.IotCapabilities;
import org.cpebridge.usp.agent.model.ProxiedDeviceProvider;
import org.cpebridge.usp.proto.UspMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns core events into USP Notify messages for the matching subscriptions, event-driven (no polling):
 * StateChanged gives ValueChange on {@code IoTCapability.{i}.<Class>.Value}, a rename ValueChange on {@code Name},
 * reachability ValueChange on {@code Online}, a new or removed device ObjectCreation/ObjectDeletion of its
 * {@code ProxiedDevice.{i}.}. Each notification is checked against the access policy's {@code n} right for the
 * recipient first. Call {@link #onEvent} on the agent's executor.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final SubscriptionTable subscriptions;
    private final InstanceNumbers numbers;
    private final DeviceRegistry registry;
    private final AccessPolicy policy;
    private final BiConsumer<String, UspMsg.Msg> sink;
    private final AtomicLong nextMsgId = new AtomicLong(1);

    /** @param sink receives (Controller Endpoint ID, Notify message) to send */
    public Notifier(SubscriptionTable subscriptions, InstanceNumbers numbers, DeviceRegistry registry,
            AccessPolicy policy, BiConsumer<String, UspMsg.Msg> sink) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sink = Objects.requireNonNull(sink, "sink");
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
                        valueChange(path, ProxiedDeviceProvider.format(change.current()));
                    }
                }
            });
        } else if (event instanceof DeviceEvent.DeviceChanged changed) {
            if (!changed.before().name().equals(changed.after().name())) {
                valueChange(devicePath(changed.after().id()) + "Name", changed.after().name());
            }
        } else if (event instanceof DeviceEvent.ReachabilityChanged reach) {
            valueChange(devicePath(reach.device()) + "Online", Boolean.toString(reach.reachable()));
        } else if (event instanceof DeviceEvent.DeviceAdded added) {
            String path = devicePath(added.added().id());
            objectEvent("ObjectCreation", TargetKind.OBJECT, path, UspMsg.Notify.newBuilder().setObjCreation(
                    UspMsg.Notify.ObjectCreation.newBuilder().setObjPath(path)
                            .putUniqueKeys("Alias", "cpe-" + numbers.numberOf(added.added().id()))));
        } else if (event instanceof DeviceEvent.DeviceRemoved removed) {
            numbers.find(removed.removed().id()).ifPresent(n -> {
                String path = "Device.ProxiedDevice." + n + ".";
                objectEvent("ObjectDeletion", TargetKind.INSTANTIATED_OBJECT, path, UspMsg.Notify.newBuilder()
                        .setObjDeletion(UspMsg.Notify.ObjectDeletion.newBuilder().setObjPath(path)));
            });
        }
    }

    /**
     * Sends the {@code Device.Boot!} Event (TR-181 Device.Boot!, TP-469 section 9) to the Event subscriptions that
     * reference it; the agent calls this once, when its first MTP link comes up after start.
     */
    public void boot(String cause) {
        String path = "Device.Boot!";
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals("Event") && s.references().stream().anyMatch(r -> ReferenceMatcher.matches(r,
                    path)) && policy.rights(s.recipientEndpointId(), TargetKind.COMMAND_EVENT, path).notification()) {
                send(s, UspMsg.Notify.newBuilder().setEvent(UspMsg.Notify.Event.newBuilder().setObjPath("Device.")
                        .setEventName("Boot!").putParams("CommandKey", "").putParams("Cause", cause)
                        .putParams("FirmwareUpdated", "false").putParams("ParameterMap", "{}")));
            }
        }
    }

    private String devicePath(DeviceId id) {
        return "Device.ProxiedDevice." + numbers.numberOf(id) + ".";
    }

    private void valueChange(String path, String value) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (!s.notifType().equals("ValueChange") || s.references().stream()
                    .noneMatch(r -> ReferenceMatcher.matches(r, path))) {
                continue;
            }
            if (!policy.rights(s.recipientEndpointId(), TargetKind.PARAMETER, path).notification()) {
                LOG.debug("[usp {}] ValueChange of {} withheld by the access policy", s.recipientEndpointId(), path);
                continue;
            }
            send(s, UspMsg.Notify.newBuilder().setValueChange(UspMsg.Notify.ValueChange.newBuilder()
                    .setParamPath(path).setParamValue(value)));
        }
    }

    private void objectEvent(String type, TargetKind kind, String path, UspMsg.Notify.Builder notify) {
        for (SubscriptionTable.Entry s : subscriptions.enabled()) {
            if (s.notifType().equals(type) && s.references().stream().anyMatch(r -> ReferenceMatcher.matches(r, path))
                    && policy.rights(s.recipientEndpointId(), kind, path).notification()) {
                send(s, notify.clone());
            }
        }
    }

    private void send(SubscriptionTable.Entry subscription, UspMsg.Notify.Builder notify) {
        notify.setSubscriptionId(subscription.id()).setSendResp(subscription.notifRetry());
        UspMsg.Msg msg = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId("NOTIFY@cpe-" + nextMsgId.getAndIncrement())
                        .setMsgType(UspMsg.Header.MsgType.NOTIFY))
                .setBody(UspMsg.Body.newBuilder().setRequest(UspMsg.Request.newBuilder().setNotify(notify)))
                .build();
        LOG.trace("[usp {}] notify {} for {}", subscription.recipientEndpointId(), msg.getHeader().getMsgId(),
                subscription.path());
        sink.accept(subscription.recipientEndpointId(), msg);
    }
}
