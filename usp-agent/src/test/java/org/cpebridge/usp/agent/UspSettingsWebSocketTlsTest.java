package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.usp.mtp.websocket.WebSocketTls;
import org.junit.jupiter.api.Test;

/** {@link UspSettings#webSocketTls}: which {@code usp.websocket.tls.*} combinations turn on wss. */
class UspSettingsWebSocketTlsTest {

    private static Config config(Map<String, String> settings) {
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(UspSettings.keys()));
        settings.forEach((k, v) -> builder.set(k, v, "test"));
        return builder.build();
    }

    @Test
    void noKeysMeansPlainWs() {
        assertEquals(Optional.empty(), UspSettings.webSocketTls(config(Map.of())));
    }

    @Test
    void certificateAndKeyTurnOnTlsWithoutClientCertificates() {
        WebSocketTls tls = UspSettings.webSocketTls(config(Map.of("usp.websocket.tls.certFile", "/etc/a.crt",
                "usp.websocket.tls.keyFile", "/etc/a.key"))).orElseThrow();
        assertEquals(new WebSocketTls(Path.of("/etc/a.crt"), Path.of("/etc/a.key"), Optional.empty()), tls);
        assertFalse(tls.requiresClientCertificate());
    }

    @Test
    void aCaFileRequiresClientCertificates() {
        WebSocketTls tls = UspSettings.webSocketTls(config(Map.of("usp.websocket.tls.certFile", "/etc/a.crt",
                "usp.websocket.tls.keyFile", "/etc/a.key", "usp.websocket.tls.caFile", "/etc/ca.crt")))
                .orElseThrow();
        assertEquals(Optional.of(Path.of("/etc/ca.crt")), tls.caFile());
        assertTrue(tls.requiresClientCertificate());
    }

    @Test
    void halfConfiguredTlsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> UspSettings.webSocketTls(config(Map.of(
                "usp.websocket.tls.certFile", "/etc/a.crt"))));
        assertThrows(IllegalArgumentException.class, () -> UspSettings.webSocketTls(config(Map.of(
                "usp.websocket.tls.keyFile", "/etc/a.key"))));
        // A CA without the agent's own certificate would silently mean "no TLS": refuse instead.
        assertThrows(IllegalArgumentException.class, () -> UspSettings.webSocketTls(config(Map.of(
                "usp.websocket.tls.caFile", "/etc/ca.crt"))));
    }
}
