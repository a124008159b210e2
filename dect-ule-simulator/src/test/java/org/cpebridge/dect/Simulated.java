package org.cpebridge.dect;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.cpebridge.dect.sim.SimulatedDectBase;
import org.cpebridge.dect.sim.Simulator;

/** The simulator behind an adapter in simulator mode, as these tests reach it. */
final class Simulated {
    private Simulated() {
    }

    static Optional<Simulator> simulator(DectAdapter adapter) {
        return adapter.simulatedBase().map(base -> ((SimulatedDectBase) base).simulator());
    }

    static Optional<InetSocketAddress> controlAddress(DectAdapter adapter) {
        return adapter.simulatedBase().flatMap(base -> ((SimulatedDectBase) base).controlAddress());
    }
}
