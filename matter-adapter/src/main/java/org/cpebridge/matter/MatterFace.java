package org.cpebridge.matter;

import java.util.Objects;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.spi.Face;
import org.cpebridge.core.spi.FaceContext;
import org.cpebridge.matter.commissioning.OnboardingData;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.onboarding.CommissioningFlow;
import org.cpebridge.matter.onboarding.ManualPairingCode;
import org.cpebridge.matter.onboarding.QrCode;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.matter.onboarding.SetupPayload;
import org.cpebridge.matter.onboarding.TerminalQrRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Matter face: the bridge as a Matter node. At start it loads (or, at first start, generates) its onboarding
 * data and shows the household the QR code and manual pairing code to pair with.
 */
public final class MatterFace implements Face {

    private static final Logger LOG = LoggerFactory.getLogger(MatterFace.class);

    private final FaceContext context;
    private final CryptoRandom random;
    private OnboardingData onboarding;

    public MatterFace(FaceContext context, CryptoRandom random) {
        this.context = Objects.requireNonNull(context, "context");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void start() {
        Config config = context.config();
        onboarding = OnboardingData.loadOrCreate(context.store(), config.get(MatterSettings.PASSCODE),
                config.get(MatterSettings.DISCRIMINATOR), random);
        SetupPayload payload = setupPayload(config, onboarding);
        context.showToUser(pairingText(payload));
        LOG.info("[matter] onboarding ready: discriminator {}, vendor 0x{}, product 0x{}", onboarding.discriminator(),
                Integer.toHexString(payload.vendorId()).toUpperCase(),
                Integer.toHexString(payload.productId()).toUpperCase());
    }

    /** The payload of the QR code and manual pairing code: on-network discovery, standard flow. */
    static SetupPayload setupPayload(Config config, OnboardingData onboarding) {
        return new SetupPayload(0, config.get(MatterSettings.VENDOR_ID), config.get(MatterSettings.PRODUCT_ID),
                CommissioningFlow.STANDARD, SetupPayload.DISCOVERY_ON_NETWORK, onboarding.discriminator(),
                onboarding.passcode()).requireCommissionable();
    }

    /** What the household sees: the QR code to scan, its text, and the manual code to type. */
    static String pairingText(SetupPayload payload) {
        String qrText = QrCodePayload.encode(payload);
        String manualCode = ManualPairingCode.encode(payload);
        return "\nPair this bridge with Google Home, Apple Home or Home Assistant: scan the QR code or enter the "
                + "manual pairing code.\n"
                + TerminalQrRenderer.render(QrCode.encodeText(qrText, QrCode.ErrorCorrection.M))
                + "QR code: " + qrText + "\n"
                + "Manual pairing code: " + formatManualCode(manualCode) + "\n";
    }

    /** 11 digits grouped 4-3-4 as printed on Matter labels. */
    static String formatManualCode(String code) {
        return code.length() == 11 ? code.substring(0, 4) + "-" + code.substring(4, 7) + "-" + code.substring(7)
                : code;
    }

    /** The onboarding data in use (after {@link #start}). */
    public OnboardingData onboarding() {
        return onboarding;
    }

    @Override
    public void close() {
        LOG.debug("[matter] stopped");
    }
}
