package org.cpebridge.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A command a capability accepts. Commands change devices, so their privacy class is normally CONTROL. */
public record CommandSpec(String name, PrivacyClass privacy, List<ParameterSpec> parameters) {

    public CommandSpec {
        Names.check("command", name);
        Objects.requireNonNull(privacy, "privacy");
        parameters = List.copyOf(parameters);
        Names.checkUnique("parameter", parameters.stream().map(ParameterSpec::name).toList());
    }

    public static CommandSpec control(String name, ParameterSpec... parameters) {
        return new CommandSpec(name, PrivacyClass.CONTROL, List.of(parameters));
    }

    /**
     * Checks arguments: every required one present, none unknown, each in range.
     *
     * @return the arguments in canonical form
     * @throws DeviceException INVALID_VALUE naming the argument
     */
    public Map<String, Value> checkArguments(Map<String, Value> arguments) {
        return ParameterSpec.checkAll(name, parameters, arguments);
    }
}
