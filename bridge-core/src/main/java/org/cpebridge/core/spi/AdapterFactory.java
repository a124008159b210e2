package org.cpebridge.core.spi;

import java.util.List;
import org.cpebridge.core.config.ConfigKey;

/**
 * Found with {@link java.util.ServiceLoader}; one per adapter module. The service builds only the adapters its
 * configuration enables ({@code <id>.enabled}).
 */
public interface AdapterFactory {

    /** Short lower-case id; also the prefix of its device ids and its config keys ({@code dect}, {@code zigbee}). */
    String id();

    /** Whether the adapter runs when the configuration says nothing. */
    boolean enabledByDefault();

    /** The adapter's config keys, each named {@code <id>.<something>}; {@code <id>.enabled} is added by the core. */
    List<ConfigKey<?>> configKeys();

    Adapter create(AdapterContext context);
}
