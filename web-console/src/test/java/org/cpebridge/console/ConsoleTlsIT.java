package org.cpebridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.cpebridge.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with {@code web.tls.*}: HTTPS on the same listener, over a real HTTPS client that trusts only a
 * throw-away certificate made by the JDK's keytool for 127.0.0.1; the session and pre-login cookies carry
 * {@code Secure}; plain HTTP on that port gets no page; a half or broken configuration stops the start.
 */
class ConsoleTlsIT {

    private static final String PASSWORD = "correct horse battery";
    private static final char[] STORE_PASSWORD = "throw-away".toCharArray();

    @TempDir
    static Path pki;
    private static Path certFile;
    private static Path keyFile;
    private static SSLContext trustingTheTestCertificate;

    @TempDir
    Path dir;

    private ConsoleTestContext context;
    private WebConsole console;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = pki.resolve("console.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(STORE_PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD);
        }
        Certificate certificate = store.getCertificate("console");
        certFile = pki.resolve("console.crt");
        keyFile = pki.resolve("console.key");
        Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", store.getKey("console", STORE_PASSWORD).getEncoded()));

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("console", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trustingTheTestCertificate = SSLContext.getInstance("TLS");
        trustingTheTestCertificate.init(null, trust.getTrustManagers(), null);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private WebConsole start(Map<String, String> settings) {
        context = new ConsoleTestContext(dir.resolve("data"), settings);
        console = new WebConsole(context, new java.security.SecureRandom());
        console.start();
        return console;
    }

    @Test
    void httpsOnTheListenerWithSecureCookiesAndNoPlainHttp() throws Exception {
        start(Map.of("web.tls.certFile", certFile.toString(), "web.tls.keyFile", keyFile.toString()));
        int port = console.localAddress().getPort();
        HttpClient https = HttpClient.newBuilder().sslContext(trustingTheTestCertificate)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://127.0.0.1:" + port;

        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("<form"), login.body());

        HttpResponse<String> state = https.send(HttpRequest.newBuilder(URI.create(base + "/api/login-state"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        String token = (String) Json.parseObject(state.body()).get("token");
        assertTrue(flags(state, "cpeb_prelogin=").contains("Secure"), state.headers().toString());
        HttpResponse<String> setup = https.send(HttpRequest.newBuilder(URI.create(base + "/api/setup"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", "cpeb_prelogin=" + token)
                .header("X-CSRF-Token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, setup.statusCode(), setup.body());
        List<String> session = flags(setup, "cpeb_session=");
        assertTrue(session.contains("Secure"), session.toString());
        assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict"), session.toString());

        // Plain HTTP on the same port: no answer, the connection is closed.
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/login")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));
        // And a client that does not trust the certificate gets no page either.
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aHalfOrBrokenTlsConfigurationStopsTheStart() throws Exception {
        IllegalStateException half = assertThrows(IllegalStateException.class,
                () -> start(Map.of("web.tls.certFile", certFile.toString())));
        assertTrue(half.getMessage().contains("web.tls.keyFile"), half.getMessage());
        context.close();

        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        IllegalStateException broken = assertThrows(IllegalStateException.class,
                () -> start(Map.of("web.tls.certFile", certFile.toString(), "web.tls.keyFile", garbage.toString())));
        assertTrue(broken.getMessage().contains("web.tls.certFile"), broken.getMessage());
        context.close();

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> start(Map.of("web.tls.certFile", dir.resolve("nope.crt").toString(),
                        "web.tls.keyFile", keyFile.toString())));
        assertTrue(missing.getMessage().contains("nope.crt"), missing.getMessage());
        assertFalse(missing.getMessage().contains("BEGIN"), "no key material in the message");
        console = null;
    }

    private static List<String> flags(HttpResponse<String> response, String cookie) {
        return List.of(response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(cookie))
                .findFirst().orElseThrow(() -> new AssertionError("no " + cookie + " in " + response.headers()))
                .split(";\\s*"));
    }
}
