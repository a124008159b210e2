package org.cpebridge.usp.message;

import java.util.Objects;
import org.cpebridge.usp.proto.UspMsg;

/** GetSupportedProtocol: answers with the configured version list (TR-369 "GetSupportedProtocol"). */
final class GetSupportedProtocolHandler {
    private final String versions;

    GetSupportedProtocolHandler(String versions) {
        this.versions = Objects.requireNonNull(versions, "versions");
    }

    UspMsg.GetSupportedProtocolResp handle(UspMsg.GetSupportedProtocol request) {
        return UspMsg.GetSupportedProtocolResp.newBuilder().setAgentSupportedProtocolVersions(versions).build();
    }
}
