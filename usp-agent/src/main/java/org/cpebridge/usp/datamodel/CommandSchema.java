package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A command ({@code Name()}) in the Supported Data Model.
 *
 * @param mandatoryInputs input arguments whose absence gives 7027 (R-OPR.5)
 */
public record CommandSchema(String name, List<String> inputArgs, Set<String> mandatoryInputs,
        List<String> outputArgs, boolean async) {

    public CommandSchema {
        Objects.requireNonNull(name, "name");
        inputArgs = List.copyOf(inputArgs);
        mandatoryInputs = Set.copyOf(mandatoryInputs);
        outputArgs = List.copyOf(outputArgs);
        if (!inputArgs.containsAll(mandatoryInputs)) {
            throw new IllegalArgumentException("mandatory inputs must be inputs: " + mandatoryInputs);
        }
    }

    /** A synchronous command without arguments. */
    public static CommandSchema sync(String name) {
        return new CommandSchema(name, List.of(), Set.of(), List.of(), false);
    }
}
