package org.cpebridge.dect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.spi.AdapterFactory;
import org.cpebridge.dect.ule.SimulatedBase;

/**
 * ServiceLoader entry of the DECT-ULE adapter ({@code dect}). The simulator, when its module is on the class path,
 * adds its {@code dect.simulator.*} keys and serves {@code dect.mode = simulator}.
 */
public final class DectAdapterFactory implements AdapterFactory {
    private final Optional<SimulatedBase.Provider> simulator =
            SimulatedBase.Provider.find(DectAdapterFactory.class.getClassLoader());

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
        List<ConfigKey<?>> keys = new ArrayList<>(DectConfig.keys());
        simulator.ifPresent(provider -> keys.addAll(provider.configKeys()));
        return keys;
    }

    @Override
    public Adapter create(AdapterContext context) {
        return new DectAdapter(context, simulator);
    }
}
