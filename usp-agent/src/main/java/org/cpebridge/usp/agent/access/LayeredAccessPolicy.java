package org.cpebridge.usp.agent.access;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cpebridge.core.model.PrivacyClass;
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
    private final Function<String, PrivacyClass> classOfPath;

    /**
     * @param roles   the ControllerTrust policy
     * @param privacy the privacy-policy module's policy ({@link AccessPolicy#FULL_ACCESS} by default)
     * @param devices maps a USP path to the core device data behind it
     */
    public LayeredAccessPolicy(AccessPolicy roles, AccessPolicy privacy,
            Function<String, Optional<DeviceTarget>> devices) {
        this(roles, privacy, devices, path -> null);
    }

    /**
     * As above, with {@code classOfPath}: the privacy class of a path when the path alone decides it (null when
     * only the device data can tell), such that {@code devices} gives for that path either nothing or a target of
     * that class. Where the privacy policy {@link AccessPolicy#reaches} that class for the Controller, the device is
     * not looked up: the answer would be every right either way. This is most items of an ISP-Operations
     * Controller's Get (INVENTORY and HEALTH), which otherwise cost a registry lookup each.
     */
    public LayeredAccessPolicy(AccessPolicy roles, AccessPolicy privacy,
            Function<String, Optional<DeviceTarget>> devices, Function<String, PrivacyClass> classOfPath) {
        this.roles = Objects.requireNonNull(roles, "roles");
        this.privacy = Objects.requireNonNull(privacy, "privacy");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.classOfPath = Objects.requireNonNull(classOfPath, "classOfPath");
    }

    /** Both must allow reading the whole subtree: the roles for its paths, the privacy policy whatever the data. */
    @Override
    public boolean readsEverythingBelow(String controllerId, String objectPath) {
        return roles.readsEverythingBelow(controllerId, objectPath)
                && privacy.readsEverythingBelow(controllerId, objectPath);
    }

    @Override
    public Rights rights(AccessRequest request) {
        Rights allowed = roles.rights(request);
        if (allowed.equals(Rights.NONE)) {
            return allowed;
        }
        // One question to the privacy policy for most items: reaches() for a class the path tells (a household
        // Controller reaches every class), allowsEverything() for the rest.
        if (request.device().isEmpty()) {
            PrivacyClass known = classOfPath.apply(request.path());
            if (known != null && privacy.reaches(request.controllerId(), known)) {
                return allowed;
            }
        }
        if (privacy.allowsEverything(request.controllerId())) {
            return allowed;
        }
        AccessRequest full = request.device().isPresent() ? request
                : request.withDevice(devices.apply(request.path()));
        return allowed.and(privacy.rights(full));
    }
}
