package org.cpebridge.core.spi;

import java.util.List;
import org.cpebridge.core.config.ConfigKey;

/** Found with {@link java.util.ServiceLoader}; one per face module. Enabled by {@code <id>.enabled}. */
public interface FaceFactory {

    String id();

    boolean enabledByDefault();

    List<ConfigKey<?>> configKeys();

    Face create(FaceContext context);
}
