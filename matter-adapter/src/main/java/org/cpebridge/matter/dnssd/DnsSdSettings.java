package org.cpebridge.matter.dnssd;

import java.util.List;
import org.cpebridge.core.config.ConfigKey;

/** Configuration keys of Matter DNS-SD advertising. */
public final class DnsSdSettings {

    /**
     * The one interface Matter advertises on and binds to (e.g. {@code br-lan}). mDNS is never sent on any other
     * interface: a router must not announce itself on its WAN side.
     */
    public static final ConfigKey<String> INTERFACE = ConfigKey.string("matter.interface", "br-lan",
            "Network interface the Matter bridge advertises on (DNS-SD) and is reachable on; no other interface "
                    + "sees its mDNS traffic");

    private DnsSdSettings() {
    }

    /** All keys, for the service's configuration schema. */
    public static List<ConfigKey<?>> keys() {
        return List.of(INTERFACE);
    }
}
