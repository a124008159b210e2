package org.cpebridge.dect.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeCatalog;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.AddEventEntries;
import org.cpebridge.dect.hanfun.HanfunMessage.CommandResponse;
import org.cpebridge.dect.hanfun.HanfunMessage.CreateEventRule;
import org.cpebridge.dect.hanfun.HanfunMessage.EventCondition;
import org.cpebridge.dect.hanfun.HanfunMessage.EventRuleEntry;
import org.cpebridge.dect.hanfun.HanfunMessage.EventType;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePack;
import org.cpebridge.dect.hanfun.HanfunMessage.GetAttributePackResponse;
import org.cpebridge.dect.hanfun.InterfaceAddress;
import org.cpebridge.dect.hanfun.InterfaceUid;

/**
 * What the base asks a device right after it registered, as an explicit state machine (STYLE.md 6): read Device
 * Information, create an event report rule and add COV entries for the attributes the core shows, and read current
 * values. Each {@link #on} returns the next state and the actions (requests to send, results to apply). A failed step
 * is noted and the rest goes on: a device that refuses event reporting still works, it is only polled less well.
 *
 * <pre>
 *   NEW --Start--> RUNNING --(last answer or failure)--> DONE
 *   CREATE_RULE answered OK --> ADD_ENTRIES sent (same RUNNING state)
 * </pre>
 */
public final class Interview {

    public enum State { NEW, RUNNING, DONE }

    public enum Step { IDENTITY, CREATE_RULE, ADD_ENTRIES, READ }

    /** One request of the interview, to {@code unit} of the device. */
    public record Request(Step step, int unit, HanfunMessage message) {
    }

    public sealed interface Event {
    }

    public record Start() implements Event {
    }

    public record Answered(Request request, HanfunMessage response) implements Event {
    }

    public record Failed(Request request, String reason) implements Event {
    }

    public sealed interface Action {
    }

    public record Send(Request request) implements Action {
    }

    /** Apply Device Information (vendor, model, firmware, serial). */
    public record ApplyIdentity(List<AttributeValue> values) implements Action {
    }

    /** Apply current attribute values of one unit. */
    public record ApplyValues(int unit, List<AttributeValue> values) implements Action {
    }

    /** The interview is over; {@code failures} names the steps that did not work. */
    public record Finished(List<String> failures) implements Action {
    }

    public record Transition(State state, List<Action> actions) {
        public Transition {
            actions = List.copyOf(actions);
        }
    }

    private final Map<Integer, Set<Integer>> interfaces;
    private State state = State.NEW;
    private int outstanding;
    private final List<String> failures = new ArrayList<>();

    /** @param interfaces unit id → server interfaces, from the device's registration */
    public Interview(Map<Integer, Set<Integer>> interfaces) {
        this.interfaces = Map.copyOf(interfaces);
    }

    public State state() {
        return state;
    }

    public Transition on(Event event) {
        List<Action> actions = new ArrayList<>();
        if (event instanceof Start) {
            if (state != State.NEW) {
                return new Transition(state, actions);
            }
            state = State.RUNNING;
            send(actions, new Request(Step.IDENTITY, 0, new GetAttributePack(
                    InterfaceAddress.server(InterfaceUid.DEVICE_INFORMATION), HanfunMessage.PACK_ALL, List.of())));
            if (!ruleEntries().isEmpty()) {
                send(actions, new Request(Step.CREATE_RULE, 0, new CreateEventRule(Address.BASE, true)));
            }
            interfaces.forEach((unit, itfs) -> {
                for (int itf : itfs) {
                    List<Integer> attributes = readAttributes(itf);
                    if (!attributes.isEmpty()) {
                        send(actions, new Request(Step.READ, unit, new GetAttributePack(InterfaceAddress.server(itf),
                                HanfunMessage.PACK_DYNAMIC, attributes)));
                    }
                }
            });
        } else if (state != State.RUNNING) {
            return new Transition(state, actions);
        } else if (event instanceof Answered answered) {
            outstanding--;
            Request request = answered.request();
            HanfunMessage response = answered.response();
            switch (request.step()) {
                case IDENTITY -> {
                    if (response instanceof GetAttributePackResponse pack) {
                        actions.add(new ApplyIdentity(pack.values()));
                    } else {
                        failures.add("identity: " + response);
                    }
                }
                case CREATE_RULE -> {
                    if (response instanceof CommandResponse created && created.result().isOk()
                            && created.extra().length() == 1) {
                        send(actions, new Request(Step.ADD_ENTRIES, 0,
                                new AddEventEntries(created.extra().get(0) & 0x7F, ruleEntries(), true)));
                    } else {
                        failures.add("event rule refused: " + response);
                    }
                }
                case ADD_ENTRIES -> {
                    if (!(response instanceof CommandResponse added && added.result().isOk())) {
                        failures.add("event entries refused: " + response);
                    }
                }
                case READ -> {
                    if (response instanceof GetAttributePackResponse pack) {
                        actions.add(new ApplyValues(request.unit(), pack.values()));
                    } else {
                        failures.add("read unit " + request.unit() + ": " + response);
                    }
                }
            }
        } else if (event instanceof Failed failed) {
            outstanding--;
            failures.add(failed.request().step().name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.reason());
        }
        if (state == State.RUNNING && outstanding == 0) {
            state = State.DONE;
            actions.add(new Finished(List.copyOf(failures)));
        }
        return new Transition(state, actions);
    }

    private void send(List<Action> actions, Request request) {
        outstanding++;
        actions.add(new Send(request));
    }

    /** COV entries (any change) for the attributes the core shows and devices do not send unsolicited. */
    private List<EventRuleEntry> ruleEntries() {
        List<EventRuleEntry> entries = new ArrayList<>();
        interfaces.forEach((unit, itfs) -> {
            for (int itf : itfs) {
                List<Integer> attributes = reportedAttributes(itf);
                if (!attributes.isEmpty()) {
                    entries.add(new EventRuleEntry(unit, InterfaceAddress.server(itf), attributes.stream()
                            .map(attribute -> new EventCondition(attribute, EventType.COV, Bytes.of((byte) 0)))
                            .toList()));
                }
            }
        });
        return entries;
    }

    static List<Integer> reportedAttributes(int itf) {
        return switch (itf) {
            case InterfaceUid.ON_OFF, InterfaceUid.LEVEL_CONTROL, InterfaceUid.SIMPLE_TEMPERATURE,
                    InterfaceUid.SIMPLE_HUMIDITY -> List.of(0x01);
            case InterfaceUid.SIMPLE_THERMOSTAT -> List.of(AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE);
            default -> List.of();
        };
    }

    static List<Integer> readAttributes(int itf) {
        return switch (itf) {
            case InterfaceUid.ON_OFF, InterfaceUid.LEVEL_CONTROL, InterfaceUid.SIMPLE_TEMPERATURE,
                    InterfaceUid.SIMPLE_HUMIDITY, InterfaceUid.ALERT -> List.of(0x01);
            case InterfaceUid.SIMPLE_THERMOSTAT -> List.of(AttributeCatalog.Thermostat.HEAT_COOL_MODE,
                    AttributeCatalog.Thermostat.HEAT_MODE_TEMPERATURE);
            case InterfaceUid.SIMPLE_POWER_METER -> List.of(AttributeCatalog.PowerMeter.POWER,
                    AttributeCatalog.PowerMeter.VOLTAGE, AttributeCatalog.PowerMeter.ENERGY);
            default -> List.of();
        };
    }
}
