package org.cpebridge.matter.handshake;

import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;

/** The StatusReports PASE and CASE responders both send (Matter core spec 4.14.1.3, 4.14.2.7, Appendix D). */
public final class HandshakeReports {

    /** SUCCESS / SESSION_ESTABLISHMENT_SUCCESS after a verified Pake3 or Sigma3. */
    public static final StatusReport ESTABLISHED_OK =
            StatusReport.secureChannel(GeneralCode.SUCCESS, SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS);
    /** FAILURE / INVALID_PARAMETER: malformed message or failed check (a wrong passcode, a bad signature). */
    public static final StatusReport INVALID_PARAMETER =
            StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER);
    /** UNEXPECTED / INVALID_PARAMETER: a message out of sequence. */
    public static final StatusReport UNEXPECTED =
            StatusReport.secureChannel(GeneralCode.UNEXPECTED, SecureChannelStatus.INVALID_PARAMETER);

    private HandshakeReports() {
    }

    /**
     * True for the peer's SUCCESS / SESSION_ESTABLISHMENT_SUCCESS of the Secure Channel protocol (no vendor), the one
     * report that confirms a handshake; any other ends it.
     */
    public static boolean isEstablishedOk(StatusReport report) {
        return report.generalCode().equals(GeneralCode.SUCCESS)
                && report.protocolId() == ProtocolId.SECURE_CHANNEL && report.protocolVendorId() == 0
                && report.protocolCode() == SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code();
    }
}
