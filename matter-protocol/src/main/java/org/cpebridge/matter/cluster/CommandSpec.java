package org.cpebridge.matter.cluster;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Declaration of one client-to-server command.
 *
 * @param id command id
 * @param name spec name
 * @param responseId the response command the server generates, or empty when the answer is a status
 * @param invokePrivilege privilege invoking needs
 * @param timed needs a preceding TimedRequest
 * @param fabricScoped needs an accessing fabric
 */
public record CommandSpec(long id, String name, OptionalLong responseId, Privilege invokePrivilege, boolean timed,
        boolean fabricScoped) {

    public CommandSpec {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("command id out of range: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(responseId, "responseId");
        Objects.requireNonNull(invokePrivilege, "invokePrivilege");
    }

    /** A command answered by a status, invoked with {@code privilege}. */
    public static CommandSpec of(long id, String name, Privilege privilege) {
        return new CommandSpec(id, name, OptionalLong.empty(), privilege, false, false);
    }

    /** A command answered by response command {@code responseId}. */
    public static CommandSpec withResponse(long id, String name, long responseId, Privilege privilege) {
        return new CommandSpec(id, name, OptionalLong.of(responseId), privilege, false, false);
    }

    /** This command, needing a timed interaction. */
    public CommandSpec timedInvoke() {
        return new CommandSpec(id, name, responseId, invokePrivilege, true, fabricScoped);
    }

    /** This command, fabric-scoped. */
    public CommandSpec fabricScopedInvoke() {
        return new CommandSpec(id, name, responseId, invokePrivilege, timed, true);
    }
}
