package org.cpebridge.usp.mtp.websocket;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on the WebSocket server MTP (R-WS.22, TP-469 7.9).
 *
 * @param certFile PEM certificate chain of the agent, its own certificate first
 * @param keyFile  PEM unencrypted PKCS#8 private key of that certificate
 * @param caFile   PEM CA certificates that sign Controller client certificates; when present a client certificate
 *                 is required and the Controller is who it names (R-SEC.0a), when empty Controllers connect without
 *                 one and are who they claim to be, as on plain ws
 */
public record WebSocketTls(Path certFile, Path keyFile, Optional<Path> caFile) {
    public WebSocketTls {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** Whether Controllers must show a client certificate signed by {@link #caFile}. */
    public boolean requiresClientCertificate() {
        return caFile.isPresent();
    }
}
