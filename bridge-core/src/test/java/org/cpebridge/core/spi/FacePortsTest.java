package org.cpebridge.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FacePortsTest {

    private static Pairing pairing() {
        return new Pairing() {
            @Override
            public Optional<Window> openWindow() {
                return Optional.empty();
            }

            @Override
            public Window openNewWindow() {
                return new Window("MT:X", "1234-567-8901", Instant.EPOCH);
            }

            @Override
            public boolean closeWindow() {
                return false;
            }

            @Override
            public List<PairedFabric> fabrics() {
                return List.of();
            }

            @Override
            public boolean removeFabric(int fabricIndex) {
                return false;
            }
        };
    }

    @Test
    void aProvidedPortIsFoundUntilItsProviderWithdrawsIt() {
        FacePorts ports = new FacePorts();
        assertTrue(ports.find(Pairing.class).isEmpty());
        Pairing matter = pairing();
        ports.provide(Pairing.class, matter);
        assertEquals(Optional.of(matter), ports.find(Pairing.class));
        ports.withdraw(Pairing.class, pairing());
        assertEquals(Optional.of(matter), ports.find(Pairing.class), "only the provider itself withdraws it");
        ports.withdraw(Pairing.class, matter);
        assertTrue(ports.find(Pairing.class).isEmpty());
    }

    @Test
    void aSecondProviderIsRefused() {
        FacePorts ports = new FacePorts();
        Pairing first = pairing();
        ports.provide(Pairing.class, first);
        ports.provide(Pairing.class, first);
        assertThrows(IllegalStateException.class, () -> ports.provide(Pairing.class, pairing()));
    }

    @Test
    void theWindowsTextHidesItsCodes() {
        Pairing.Window window = new Pairing.Window("MT:Y.K9042C00KA0648G00", "3497-011-2332", Instant.EPOCH);
        assertTrue(!window.toString().contains("MT:") && !window.toString().contains("3497"), window.toString());
    }
}
