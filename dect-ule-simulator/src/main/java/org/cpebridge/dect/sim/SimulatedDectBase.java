package org.cpebridge.dect.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.cpebridge.core.config.ConfigKey;
import org.cpebridge.core.spi.AdapterContext;
import org.cpebridge.core.util.SerialExecutor;
import org.cpebridge.dect.ule.BaseLink;
import org.cpebridge.dect.ule.SimulatedBase;

/**
 * The simulated base the DECT-ULE adapter runs with {@code dect.mode = simulator}: an {@link InProcessBaseLink}, the
 * {@link Simulator}'s virtual devices behind it and, when {@code dect.simulator.control} is set, its HTTP control.
 * The link and the devices share one serial executor over the adapter's pool; {@link #start} and {@link #close} run
 * on the adapter's threads (see {@link SimulatedBase}).
 */
public final class SimulatedDectBase implements SimulatedBase {

    /** The ServiceLoader entry ({@code META-INF/services}). */
    public static final class Provider implements SimulatedBase.Provider {
        @Override
        public List<ConfigKey<?>> configKeys() {
            return SimulatorKeys.keys();
        }

        @Override
        public SimulatedBase create(AdapterContext context) {
            return new SimulatedDectBase(context);
        }
    }

    private final AdapterContext context;
    private final InProcessBaseLink link;
    private final Simulator simulator;
    private volatile SimulatorControlServer control;

    SimulatedDectBase(AdapterContext context) {
        this.context = context;
        SerialExecutor executor = new SerialExecutor(context.executor(), "dect-sim");
        this.link = new InProcessBaseLink(executor);
        SimulatorSettings settings = SimulatorSettings.defaults()
                .withKeepAliveInterval(context.config().get(SimulatorKeys.SIMULATOR_KEEP_ALIVE))
                .withPowerReportInterval(context.config().get(SimulatorKeys.SIMULATOR_POWER_REPORT))
                .withBroadcastResponses(context.config().get(SimulatorKeys.SIMULATOR_BROADCAST_RESPONSES));
        this.simulator = new Simulator(context.config().get(SimulatorKeys.SIMULATOR_DEVICES), settings, link,
                executor, context.scheduler(), context.clock());
    }

    @Override
    public BaseLink link() {
        return link;
    }

    @Override
    public void start() throws IOException {
        simulator.start();
        Optional<InetSocketAddress> controlAddress = context.config().find(SimulatorKeys.SIMULATOR_CONTROL);
        if (controlAddress.isPresent()) {
            InetSocketAddress address = controlAddress.get();
            SimulatorControlServer server = new SimulatorControlServer(simulator,
                    new InetSocketAddress(address.getHostString(), address.getPort()));
            server.useSharedEventLoop(context.ports());
            server.start();
            control = server;
        }
    }

    @Override
    public String description() {
        return context.config().get(SimulatorKeys.SIMULATOR_DEVICES).total() + " device(s)";
    }

    /** The virtual devices (for tests and the control). */
    public Simulator simulator() {
        return simulator;
    }

    /** The control's bound address, once it runs. */
    public Optional<InetSocketAddress> controlAddress() {
        return Optional.ofNullable(control).map(SimulatorControlServer::address);
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
        simulator.close();
    }
}
