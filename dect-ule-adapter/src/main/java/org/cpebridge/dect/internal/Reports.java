package org.cpebridge.dect.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.AlertStatus;
import org.cpebridge.dect.hanfun.HanfunMessage.ButtonEvent;
import org.cpebridge.dect.hanfun.HanfunMessage.ButtonPress;
import org.cpebridge.dect.hanfun.HanfunMessage.EventEntry;
import org.cpebridge.dect.hanfun.HanfunMessage.EventField;
import org.cpebridge.dect.hanfun.HanfunMessage.EventReport;
import org.cpebridge.dect.hanfun.HanfunMessage.KeepAliveNotification;
import org.cpebridge.dect.hanfun.HanfunMessage.OnOffCommand;
import org.cpebridge.dect.hanfun.HanfunMessage.SetLevel;
import org.cpebridge.dect.hanfun.HanfunMessage.StepLevel;
import org.cpebridge.dect.hanfun.HanfunMessage.PeriodicReport;
import org.cpebridge.dect.hanfun.HanfunMessage.PowerMeterReport;
import org.cpebridge.dect.hanfun.HanfunMessage.ReportEntry;
import org.cpebridge.dect.hanfun.ResultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What devices tell the base on their own (alerts, button presses, attribute reports) and what the base learns from
 * their answers, written into the core registry as state, events and identity.
 *
 * <p>Owned by the adapter's serial executor.
 */
public final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final DeviceRegistry registry;

    public Reports(DeviceRegistry registry) {
        this.registry = registry;
    }

    /**
     * Handles a command or notification from {@code unit} of the device.
     *
     * @return the result to answer with, if the device asked for an answer
     */
    public ResultCode unsolicited(Session session, int unit, HanfunMessage message) {
        if (message instanceof AlertStatus alert) {
            alert(session, unit, alert.state());
        } else if (message instanceof ButtonEvent button) {
            session.model.capabilityKey(unit, CapabilityType.BUTTON).ifPresent(key -> fire(session, key, "pressed",
                    Map.of("action", Value.of(buttonAction(button.press())))));
        } else if (message instanceof OnOffCommand || message instanceof SetLevel || message instanceof StepLevel) {
            // A switch (On-Off / Level Control client) acting on its own: a press, not a state of the base.
            Optional<String> key = session.model.capabilityKey(unit, CapabilityType.BUTTON);
            if (key.isEmpty()) {
                LOG.debug("[dect {}] command from unit {} without a controller profile: {}", session.id, unit, message);
                return ResultCode.FAIL_SUPPORT;
            }
            fire(session, key.get(), "pressed", Map.of("action", Value.of(switchAction(message))));
        } else if (message instanceof PowerMeterReport report) {
            apply(session, unit, report.values());
        } else if (message instanceof EventReport report) {
            for (EventEntry entry : report.entries()) {
                apply(session, entry.unit(), entry.fields().stream().map(EventField::value).toList());
            }
        } else if (message instanceof PeriodicReport report) {
            for (ReportEntry entry : report.entries()) {
                apply(session, entry.unit(), entry.values());
            }
        } else if (!(message instanceof KeepAliveNotification)) {
            LOG.debug("[dect {}] unhandled message {}", session.id, message);
            return ResultCode.FAIL_SUPPORT;
        }
        return ResultCode.OK;
    }

    /** Device Information (vendor, model, firmware, serial) into the core identity. */
    public void identity(Session session, List<AttributeValue> values) {
        Optional<Device> known = registry.device(session.id);
        if (known.isEmpty()) {
            return;
        }
        Device.Builder builder = known.get().toBuilder();
        for (AttributeValue value : values) {
            // The hanfun reference node answers empty strings: keep what is known (the profile's name) instead.
            if (value.value() instanceof org.cpebridge.dect.hanfun.Value.Text text && !text.value().isBlank()) {
                switch (value.attribute()) {
                    case AttributeCatalog.DeviceInformation.MANUFACTURER_NAME -> builder.vendor(text.value());
                    case AttributeCatalog.DeviceInformation.HARDWARE_VERSION -> builder.model(text.value());
                    case AttributeCatalog.DeviceInformation.APPLICATION_VERSION -> builder.firmware(text.value());
                    case AttributeCatalog.DeviceInformation.SERIAL_NUMBER -> builder.serial(text.value());
                    default -> {
                        // location and others are not part of the core identity
                    }
                }
            }
        }
        registry.register(builder.build());
    }

    /** Attribute values of one unit into core state. */
    public void apply(Session session, int unit, List<AttributeValue> values) {
        for (AttributeValue value : values) {
            for (StateMapper.StateUpdate update : StateMapper.updates(session.model, unit, value)) {
                update(session, update);
            }
        }
    }

    public void update(Session session, StateMapper.StateUpdate update) {
        try {
            registry.updateState(session.id, update.capability(), update.attribute(), update.value());
        } catch (DeviceException e) {
            LOG.warn("[dect {}] state {}.{} not accepted: {}", session.id, update.capability(), update.attribute(),
                    e.getMessage());
        }
    }

    private void alert(Session session, int unit, long state) {
        boolean triggered = (state & 0x1) != 0;
        for (StateMapper.StateUpdate update : StateMapper.alert(session.model, unit, state)) {
            AttributeRef ref = new AttributeRef(session.id, update.capability(), update.attribute());
            Optional<Value> before = registry.state(ref).map(s -> s.value());
            update(session, update);
            boolean changed = before.isEmpty() || !before.get().equals(update.value());
            CapabilityType type = session.model.capability(update.capability()).map(Capability::type).orElseThrow();
            if (!changed) {
                continue;
            }
            switch (type) {
                case CONTACT -> fire(session, update.capability(), triggered ? "opened" : "closed", Map.of());
                case OCCUPANCY -> {
                    if (triggered) {
                        fire(session, update.capability(), "motion", Map.of());
                    }
                }
                case SMOKE_ALARM -> {
                    if (triggered && update.attribute().equals("smoke")) {
                        fire(session, update.capability(), "alarm", Map.of());
                    }
                }
                case WATER_LEAK -> {
                    if (triggered) {
                        fire(session, update.capability(), "leakDetected", Map.of());
                    }
                }
                default -> {
                    // no event for other types
                }
            }
        }
    }

    /** The word a switch's command becomes in the press event (as Zigbee switches say {@code on}/{@code off}). */
    static String switchAction(HanfunMessage command) {
        if (command instanceof OnOffCommand onOff) {
            return switch (onOff.action()) {
                case ON -> "on";
                case OFF -> "off";
                case TOGGLE -> "toggle";
            };
        }
        if (command instanceof StepLevel step) {
            return step.increase() ? "levelUp" : "levelDown";
        }
        return "levelSet";
    }

    private static String buttonAction(ButtonPress press) {
        return switch (press) {
            case SHORT -> "short";
            case LONG -> "long";
            case EXTRA_LONG -> "extraLong";
            case DOUBLE_CLICK -> "double";
        };
    }

    private void fire(Session session, String capability, String event, Map<String, Value> fields) {
        try {
            registry.fireEvent(session.id, capability, event, fields);
        } catch (DeviceException e) {
            LOG.warn("[dect {}] event {}.{} not accepted: {}", session.id, capability, event, e.getMessage());
        }
    }
}
