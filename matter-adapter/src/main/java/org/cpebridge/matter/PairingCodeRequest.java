package org.cpebridge.matter;

import java.nio.file.Path;
import java.util.Optional;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.onboarding.CommissioningFlow;
import org.cpebridge.matter.onboarding.SetupPayload;

/**
 * The pairing code on request ({@code cpe-bridge --pairing-code}, for the router's own console or its operator):
 * the QR code and manual pairing code of this bridge, from the configured passcode and discriminator or else the
 * ones kept in the data directory. Reads {@code matter/onboarding} without opening the store, so it may run while
 * the service runs and changes nothing; writes nothing to the log. Stateless.
 */
public final class PairingCodeRequest {

    private PairingCodeRequest() {
    }

    /** The text to show; a sentence saying why when there is no code yet. */
    public static String describe(Config config, Path dataDir) {
        Optional<OnboardingData> stored = FileDurableStore.readWithoutOpening(dataDir, OnboardingData.RECORD)
                .map(OnboardingData::decode);
        Long passcode = config.get(MatterSettings.PASSCODE);
        Integer discriminator = config.get(MatterSettings.DISCRIMINATOR);
        if (passcode == null && stored.isPresent()) {
            passcode = stored.get().passcode();
        }
        if (discriminator == null && stored.isPresent()) {
            discriminator = stored.get().discriminator();
        }
        if (passcode == null || discriminator == null) {
            return "No Matter pairing code yet in " + dataDir.toAbsolutePath().normalize()
                    + ": the bridge makes one at its first start (or set matter.passcode and "
                    + "matter.discriminator).\n";
        }
        SetupPayload payload = new SetupPayload(0, config.get(MatterSettings.VENDOR_ID),
                config.get(MatterSettings.PRODUCT_ID), CommissioningFlow.STANDARD, SetupPayload.DISCOVERY_ON_NETWORK,
                discriminator, passcode).requireCommissionable();
        return MatterFace.pairingText(payload)
                + "This code pairs the bridge while its own commissioning window is open, which it opens at start "
                + "while it is on no fabric (for matter.commissioningWindow). A bridge already paired joins another "
                + "app through a window an administrator opens from its app, with the code that app shows.\n";
    }
}
