package org.cpebridge.usp.agent.access;

/**
 * Decides what a Controller may do on a path. Every message handler asks it before it answers (Get, GetInstances,
 * GetSupportedDM, Set, Add, Delete, Operate) and the notification layer asks it before it sends (Notify).
 *
 * <p>Paths are Instantiated Data Model paths with Instance Number Addressing ({@code Device.X.2.Name},
 * {@code Device.X.2.}, {@code Device.Reboot()}, {@code Device.Boot!}); for a table as a whole (Add, GetSupportedDM) the
 * instance is written {@code {i}} ({@code Device.X.{i}.}). Implementations must be thread-safe and quick: they are
 * called once per resolved item.
 */
@FunctionalInterface
public interface AccessPolicy {

    /** Everything allowed: the default until roles are configured. */
    AccessPolicy FULL_ACCESS = (controllerId, kind, path) -> Rights.ALL;

    /** The rights of {@code controllerId} for {@code kind} on {@code path}. */
    Rights rights(String controllerId, TargetKind kind, String path);
}
