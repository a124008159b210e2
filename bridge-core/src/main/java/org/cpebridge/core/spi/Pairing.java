package org.cpebridge.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Matter face's pairing controls as the household console sees them, through {@link FacePorts}: the codes of
 * the open commissioning window, opening a window for another ecosystem, closing it, and the ecosystems (fabrics) the
 * bridge is paired with, with their removal. Plain strings and numbers only, so the console needs no Matter type.
 *
 * <p>Implementations are thread-safe: the console calls from its worker threads.
 */
public interface Pairing {

    /** The window the household may pair through now, with its codes; empty when no such window is open. */
    Optional<Window> openWindow();

    /**
     * Opens a commissioning window so another ecosystem can pair, and returns its codes.
     *
     * @throws IllegalStateException when a window is already open or the bridge cannot take another fabric (the
     *                               message says which, in words for the household)
     */
    Window openNewWindow();

    /**
     * Closes the open commissioning window, whoever opened it (the household stops pairing, as an administrator's
     * RevokeCommissioning would); its codes pair no more.
     *
     * @return false when no window was open
     */
    boolean closeWindow();

    /** The fabrics the bridge is on, in fabric index order. */
    List<PairedFabric> fabrics();

    /**
     * Takes the bridge off a fabric as the fabric's own RemoveFabric command would: the fabric, its access-control
     * entries, its sessions and subscriptions, its operational advertisement and its stored records are gone, and
     * that ecosystem can no longer reach the bridge.
     *
     * @return false when the bridge is on no fabric with that index
     */
    boolean removeFabric(int fabricIndex);

    /**
     * An open commissioning window a person can pair through.
     *
     * @param qrPayload  the QR code's text ({@code MT:...}), to be shown as a QR image
     * @param manualCode the 11-digit manual pairing code, grouped as printed on labels ({@code 1234-567-8901})
     * @param closesAt   when the window closes by itself
     */
    record Window(String qrPayload, String manualCode, Instant closesAt) {
        public Window {
            Objects.requireNonNull(qrPayload, "qrPayload");
            Objects.requireNonNull(manualCode, "manualCode");
            Objects.requireNonNull(closesAt, "closesAt");
        }

        @Override
        public String toString() {
            // Never in a log line by accident: the codes carry the passcode.
            return "Window[closesAt=" + closesAt + "]";
        }
    }

    /**
     * A fabric the bridge is on.
     *
     * @param label    the label the ecosystem gave it (may be empty)
     * @param vendorId the ecosystem's Matter vendor id
     * @param added    when its commissioning completed; empty for a fabric added before the bridge kept the time
     */
    record PairedFabric(int fabricIndex, String label, int vendorId, Optional<java.time.Instant> added) {
        public PairedFabric {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(added, "added");
        }
    }
}
