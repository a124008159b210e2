package org.cpebridge.console;

import java.security.SecureRandom;
import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;

/** The household web console face, {@code web}. */
public final class WebConsoleFactory implements FaceFactory {

    @Override
    public String id() {
        return "web";
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return WebSettings.keys();
    }

    @Override
    public Face create(FaceContext context) {
        return new WebConsole(context, new SecureRandom());
    }
}
