package org.cpebridge.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A command argument or event field. */
public record ParameterSpec(String name, ValueSpec spec, boolean required) {

    public ParameterSpec {
        Names.check("parameter", name);
        Objects.requireNonNull(spec, "spec");
    }

    public static ParameterSpec required(String name, ValueSpec spec) {
        return new ParameterSpec(name, spec, true);
    }

    public static ParameterSpec optional(String name, ValueSpec spec) {
        return new ParameterSpec(name, spec, false);
    }

    /**
     * Checks named values against parameter specs: every required one present, none unknown, each in range.
     *
     * @param owner names the command or event in error messages
     * @return the values in canonical form
     * @throws DeviceException INVALID_VALUE naming the parameter
     */
    public static Map<String, Value> checkAll(String owner, List<ParameterSpec> specs, Map<String, Value> given) {
        for (String name : given.keySet()) {
            if (specs.stream().noneMatch(p -> p.name().equals(name))) {
                throw new DeviceException(ErrorKind.INVALID_VALUE, owner + ": unknown argument '" + name + "'");
            }
        }
        Map<String, Value> checked = new HashMap<>();
        for (ParameterSpec parameter : specs) {
            Value value = given.get(parameter.name());
            if (value == null) {
                if (parameter.required()) {
                    throw new DeviceException(ErrorKind.INVALID_VALUE,
                            owner + ": missing argument '" + parameter.name() + "'");
                }
                continue;
            }
            checked.put(parameter.name(), parameter.spec().check(owner + "." + parameter.name(), value));
        }
        return Map.copyOf(checked);
    }
}
