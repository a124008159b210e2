package org.cpebridge.securetime.face;

import java.time.Clock;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;

/**
 * The secure-time component, found by {@link java.util.ServiceLoader}: id {@code time}, on by default (it keeps the
 * bridge's clock from running behind its last known good time); its Roughtime client and server are each off by
 * default ({@code time.client.enabled}, {@code time.server.enabled}).
 */
public final class TimeFaceFactory implements FaceFactory {

    @Override
    public String id() {
        return "time";
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return TimeKeys.all();
    }

    @Override
    public Face create(FaceContext context) {
        // The local clock is the machine's own: the context's clock is the one this face replaces the source of.
        return new TimeFace(context, Clock.systemUTC());
    }
}
