package org.cpebridge.matter.onboarding;

/** The 2-bit custom-flow field of the onboarding payload (Matter core spec 5.1.3.1). Value 3 is reserved. */
public enum CommissioningFlow {
    /** The device is commissionable as soon as it is powered. */
    STANDARD(0),
    /** The user must act on the device (press a button) first. */
    USER_INTENT(1),
    /** The vendor's flow must be followed (commissioning hint in the DCL). */
    CUSTOM(2);

    private final int code;

    CommissioningFlow(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /**
     * Maps a wire value.
     *
     * @throws OnboardingPayloadException for the reserved value 3 or anything outside 2 bits
     */
    public static CommissioningFlow fromCode(int code) throws OnboardingPayloadException {
        for (CommissioningFlow flow : values()) {
            if (flow.code == code) {
                return flow;
            }
        }
        throw new OnboardingPayloadException("reserved commissioning flow " + code);
    }
}
