package org.cpebridge.usp.agent.access;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.AccessRequest;
import org.cpebridge.privacy.policy.DeviceTarget;
import org.cpebridge.privacy.policy.Rights;

/**
 * The policy the agent enforces: the ControllerTrust roles and the privacy policy must both allow (a bitwise AND of
 * their rights). The privacy policy sees the core device data behind the path, which {@code devices} resolves only
 * when the roles allow something and the privacy policy does not allow everything to that Controller (the
 * full-access default, a household Controller), so those cost no more than the roles alone, and only when the request
 * does not carry it already: a notification caused by a core event carries the event's device.
 */
public final class LayeredAccessPolicy implements AccessPolicy {
    private final AccessPolicy roles;
    private final AccessPolicy privacy;
    private final Function<String, Optional<DeviceTarget>> devices;

    /**
     * @param roles   the ControllerTrust policy
     * @param privacy the privacy-policy module's policy ({@link AccessPolicy#FULL_ACCESS} by default)
     * @param devices maps a USP path to the core device data behind it
     */
    public LayeredAccessPolicy(AccessPolicy roles, AccessPolicy privacy,
            Function<String, Optional<DeviceTarget>> devices) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    @Override
    public Rights rights(AccessRequest request) {
        Rights allowed = roles.rights(request);
        if (allowed.equals(Rights.NONE) || privacy.allowsEverything(request.controllerId())) {
            return allowed;
        }
        AccessRequest full = request.device().isPresent() ? request
                : request.withDevice(devices.apply(request.path()));
        return allowed.and(privacy.rights(full));
    }
}
