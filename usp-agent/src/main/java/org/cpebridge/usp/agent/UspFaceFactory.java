package org.cpebridge.usp.agent;

import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;

/** Registers the USP agent face with the service ({@code META-INF/services}). */
public final class UspFaceFactory implements FaceFactory {

    @Override
    public String id() {
        return "usp";
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return UspSettings.keys();
    }

    @Override
    public Face create(FaceContext context) {
        return new UspFace(context);
    }
}
