package org.cpebridge.usp.message;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;

/**
 * A provider whose commands need to know who asked and the Operate's {@code command_key}: {@code Device.Reboot()}
 * hands the key to the next start's {@code Boot!} Event. The Operate handler calls this instead of
 * {@link ObjectProvider#operate} when a provider implements it.
 */
public interface KeyedCommands extends ObjectProvider {
    CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs, String controllerId, String commandKey);

    @Override
    default CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        return operate(object, command, inputArgs, "", "");
    }
}
