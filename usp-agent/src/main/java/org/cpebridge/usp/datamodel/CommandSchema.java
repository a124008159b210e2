package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A command ({@code Name()}) in the Supported Data Model.
 *
 * @param mandatoryInputs input arguments whose absence gives 7027 (R-OPR.5)
 * @param inputDefaults   values used for omitted non-mandatory inputs (R-OPR.7)
 */
public record CommandSchema(String name, List<String> inputArgs, Set<String> mandatoryInputs,
        Map<String, String> inputDefaults, List<String> outputArgs, boolean async) {

    public CommandSchema {
        Objects.requireNonNull(name, "name");
        inputArgs = List.copyOf(inputArgs);
        mandatoryInputs = Set.copyOf(mandatoryInputs);
        inputDefaults = Map.copyOf(inputDefaults);
        outputArgs = List.copyOf(outputArgs);
        if (!inputArgs.containsAll(mandatoryInputs) || !inputArgs.containsAll(inputDefaults.keySet())) {
            throw new IllegalArgumentException("mandatory and defaulted inputs must be inputs of " + name);
        }
    }

    /** A command without input defaults. */
    public CommandSchema(String name, List<String> inputArgs, Set<String> mandatoryInputs, List<String> outputArgs,
            boolean async) {
        this(name, inputArgs, mandatoryInputs, Map.of(), outputArgs, async);
    }

    /** A synchronous command without arguments. */
    public static CommandSchema sync(String name) {
        return new CommandSchema(name, List.of(), Set.of(), List.of(), false);
    }
}
