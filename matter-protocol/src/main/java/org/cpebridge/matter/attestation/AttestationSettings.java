package org.cpebridge.matter.attestation;

import java.util.List;

import org.cpebridge.core.config.ConfigKey;

/**
 * Configuration keys that point a product at its own attestation material. All four are set together or none;
 * when none is set the bridge uses the public SDK test PAI and CD signing key (development only, see
 * {@link AttestationProvisioning}). Files may be PEM or DER.
 */
public final class AttestationSettings {

    public static final ConfigKey<String> DAC = ConfigKey.string("matter.attestation.dac", null,
            "Path of the Device Attestation Certificate (PEM or DER); unset = generated development DAC");
    public static final ConfigKey<String> DAC_KEY = ConfigKey.string("matter.attestation.dacKey", null,
            "Path of the DAC private key (SEC1 or PKCS#8, PEM or DER); unset = generated development key");
    public static final ConfigKey<String> PAI = ConfigKey.string("matter.attestation.pai", null,
            "Path of the Product Attestation Intermediate certificate (PEM or DER); unset = SDK test PAI");
    public static final ConfigKey<String> CD = ConfigKey.string("matter.attestation.cd", null,
            "Path of the CMS-signed Certification Declaration (DER); unset = development CD signed with the "
                    + "SDK test key");

    private AttestationSettings() {
    }

    /** All attestation keys, for the face's config schema. */
    public static List<ConfigKey<?>> keys() {
        return List.of(DAC, DAC_KEY, PAI, CD);
    }
}
