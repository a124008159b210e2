package org.cpebridge.matter.onboarding;

/** An onboarding code (QR payload or manual pairing code) is malformed: wrong prefix, length, character or check. */
public final class OnboardingPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a reason that names the problem, never the passcode. */
    public OnboardingPayloadException(String reason) {
        super(reason);
    }
}
