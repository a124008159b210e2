package org.cpebridge.privacy.grant;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;

/**
 * A household's time-limited exception: {@code controller} may reach data of {@code classes} under {@code target}
 * until {@code expires}.
 *
 * @param number     the row number ({@code Device.X_CPEBRIDGE_Privacy.Grant.{number}.}), never reused
 * @param controller the Controller's Endpoint ID
 * @param target     a {@code Device.ProxiedDevice.} path; search expressions and {@code *} allowed
 * @param classes    the privacy classes granted
 * @param expires    when the grant ends
 * @param reason     the household's words, shown back in the row
 */
public record Grant(long number, String controller, String target, Set<PrivacyClass> classes, Instant expires,
        String reason) {
    public Grant {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(target, "target");
        classes = Set.copyOf(classes);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the grant is still in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(expires);
    }
}
