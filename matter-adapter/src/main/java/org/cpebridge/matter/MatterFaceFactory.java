package org.cpebridge.matter;

import java.util.List;
import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.core.spi.FaceFactory;
import org.cpebridge.matter.crypto.CryptoRandom;

/** Registers the Matter face with the service ({@code META-INF/services}). */
public final class MatterFaceFactory implements FaceFactory {

    @Override
    public String id() {
        return "matter";
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return MatterSettings.keys();
    }

    @Override
    public Face create(FaceContext context) {
        return new MatterFace(context, CryptoRandom.secure());
    }
}
