package org.cpebridge.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Something a device reports as happening (a button press, a door opening), as opposed to a state value. */
public record EventSpec(String name, PrivacyClass privacy, List<ParameterSpec> fields) {

    public EventSpec {
        Names.check("event", name);
        Objects.requireNonNull(privacy, "privacy");
        fields = List.copyOf(fields);
        Names.checkUnique("field", fields.stream().map(ParameterSpec::name).toList());
    }

    public static EventSpec activity(String name, ParameterSpec... fields) {
        return new EventSpec(name, PrivacyClass.ACTIVITY, List.of(fields));
    }

    /** Checks an occurrence's fields; see {@link ParameterSpec#checkAll}. */
    public Map<String, Value> checkFields(Map<String, Value> given) {
        return ParameterSpec.checkAll(name, fields, given);
    }
}
