package org.cpebridge.privacy.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * One question to an {@link AccessPolicy}: may {@code controllerId} use {@code path} in the way {@code kind} names.
 *
 * @param controllerId the Controller's USP Endpoint ID
 * @param kind         which permission column applies (parameter, object, instance, command/event)
 * @param path         the USP path with instance numbers ({@code Device.ProxiedDevice.3.Name}); a table as a whole
 *                     is written with {@code {i}} ({@code Device.X.{i}.})
 * @param device       the core device data behind the path, when there is one
 */
public record AccessRequest(String controllerId, TargetKind kind, String path, Optional<DeviceTarget> device) {

    public AccessRequest {
        Objects.requireNonNull(controllerId, "controllerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(device, "device");
    }

    /** A request whose path has no device behind it. */
    public static AccessRequest of(String controllerId, TargetKind kind, String path) {
        return new AccessRequest(controllerId, kind, path, Optional.empty());
    }

    /** The same request with the device data the path maps to. */
    public AccessRequest withDevice(Optional<DeviceTarget> target) {
        return new AccessRequest(controllerId, kind, path, target);
    }
}
