package org.cpebridge.dect;

import java.util.List;

import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;

/** ServiceLoader entry of the DECT-ULE adapter ({@code dect}). */
public final class DectAdapterFactory implements AdapterFactory {
    @Override
    public String id() {
        return "dect";
    }

    @Override
    public boolean enabledByDefault() {
        return true;
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return DectConfig.keys();
    }

    @Override
    public Adapter create(AdapterContext context) {
        return new DectAdapter(context);
    }
}
