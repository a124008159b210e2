package org.cpebridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.Pairing;
import org.cpebridge.privacy.HouseholdPrivacy;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.audit.Decision;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over real HTTP on 127.0.0.1: nothing readable before login, every change needs a session and its
 * CSRF token, wrong passwords are slowed, the cookies carry their flags, limits on slow and large requests, and
 * device changes pushed as server-sent events.
 */
class ConsoleSecurityIT {

    private static final String PASSWORD = "correct horse battery";
    private static final DeviceId PLUG = DeviceId.of("dect", "plug-1");
    private static final String QR_PAYLOAD = "MT:Y.K9042C00KA0648G00";

    @TempDir
    Path dir;

    private ConsoleTestContext context;
    /** The fake Matter face's state behind the Pairing port. */
    private volatile boolean windowOpen = true;
    private final List<Pairing.PairedFabric> fabrics = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
            new Pairing.PairedFabric(1, "Kitchen hub", 0xFFF1, Optional.of(java.time.Instant.parse("2026-11-30T18:05:00Z"))),
            new Pairing.PairedFabric(2, "", 0x1349, Optional.empty())));
    private WebConsole console;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeEach
    void start() {
        context = new ConsoleTestContext(dir.resolve("data"), Map.of("web.requestTimeout", "1s"));
        context.registry.register(Device.builder(PLUG).vendor("Acme").model("Plug").name("Secret kitchen plug")
                .reachable(true, "").capabilities(Capability.of(CapabilityType.ON_OFF)).build());
        context.registry.updateState(PLUG, "onOff", "on", Value.Bool.FALSE);
        context.ports.provide(Pairing.class, new Pairing() {
            @Override
            public Optional<Window> openWindow() {
                return windowOpen ? Optional.of(new Window(QR_PAYLOAD, "3497-011-2332",
                        Instant.now().plusSeconds(600))) : Optional.empty();
            }

            @Override
            public Window openNewWindow() {
                throw new IllegalStateException("a window is already open");
            }

            @Override
            public boolean closeWindow() {
                boolean wasOpen = windowOpen;
                windowOpen = false;
                return wasOpen;
            }

            @Override
            public List<PairedFabric> fabrics() {
                return List.copyOf(fabrics);
            }

            @Override
            public boolean removeFabric(int fabricIndex) {
                return fabrics.removeIf(f -> f.fabricIndex() == fabricIndex);
            }
        });
        console = new WebConsole(context, new java.security.SecureRandom());
        console.start();
        base = "http://127.0.0.1:" + console.localAddress().getPort();
    }

    @AfterEach
    void stop() {
        console.close();
        context.close();
    }

    @Test
    void beforeLoginOnlyTheLoginPageAnswersAndNothingLeaks() throws Exception {
        for (String path : List.of("/", "/static/app.js", "/api/devices", "/api/events", "/api/session",
                "/api/pairing", "/api/pairing/qr.svg", "/nothing-here", "/api/nothing")) {
            HttpResponse<String> response = get(path, null);
            String body = response.body();
            if (path.startsWith("/api/")) {
                assertEquals(401, response.statusCode(), path);
            } else {
                assertEquals(303, response.statusCode(), path);
                assertEquals("/login", response.headers().firstValue("Location").orElseThrow(), path);
            }
            for (String secret : List.of("kitchen", "plug-1", "Acme", "MT:", "3497", "Kitchen hub")) {
                assertFalse(body.toLowerCase().contains(secret.toLowerCase()), path + " leaks " + secret + ": " + body);
            }
        }
        assertEquals(200, get("/login", null).statusCode());
        assertEquals(200, get("/static/login.js", null).statusCode());
        assertEquals(200, get("/static/style.css", null).statusCode());
        // The login state says only whether a password is set.
        Map<String, Object> state = Json.parseObject(get("/api/login-state", null).body());
        assertEquals(Set.of("passwordSet", "token"), state.keySet());
    }

    @Test
    void theFirstPasswordNeedsTheLoginTokenIsStoredHashedAndIsSetOnlyOnce() throws Exception {
        // No pre-login token (a cross-site form could send no more than this): refused, nothing stored.
        assertEquals(403, post("/api/setup", "{\"password\":\"" + PASSWORD + "\"}", null, null).statusCode());
        assertFalse(Files.exists(dir.resolve("data/console/password.rec")));
        String session = setUpPassword();
        assertTrue(session.length() > 20);
        Path record = dir.resolve("data/console/password.rec");
        String stored = Files.readString(record);
        assertFalse(stored.contains(PASSWORD), "the password itself is not stored");
        assertTrue(stored.contains("PBKDF2WithHmacSHA256") && stored.contains("\"iterations\":100000"), stored);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(record));
        // A second "first password" is refused: only the router's own console resets it.
        String token = loginToken();
        assertEquals(409, post("/api/setup", "{\"password\":\"another password\"}", "cpeb_prelogin=" + token,
                token).statusCode());
        assertEquals(200, login(PASSWORD).statusCode());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        String token = loginToken();
        HttpResponse<String> response = post("/api/setup", "{\"password\":\"" + PASSWORD + "\"}",
                "cpeb_prelogin=" + token, token);
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("cpeb_session=")).findFirst().orElseThrow();
        List<String> flags = List.of(cookie.split(";\\s*"));
        assertTrue(flags.contains("HttpOnly"), cookie);
        assertTrue(flags.contains("SameSite=Strict"), cookie);
        assertTrue(flags.contains("Path=/"), cookie);
        // Plain HTTP on the LAN: a Secure cookie would never be sent back.
        assertFalse(flags.contains("Secure"), cookie);
        // The pre-login token is spent.
        assertTrue(response.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("cpeb_prelogin=;") && c.contains("Max-Age=0")));
    }

    @Test
    void everyChangeNeedsASessionAndItsCsrfToken() throws Exception {
        String session = setUpPassword();
        String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
        String rename = "{\"id\":\"dect:plug-1\",\"name\":\"Lamp\"}";
        for (String path : List.of("/api/devices/name", "/api/devices/matter", "/api/pairing/window",
                "/api/pairing/close", "/api/pairing/remove", "/api/logout")) {
            assertEquals(401, post(path, rename, null, csrf).statusCode(), path + " without a session");
            assertEquals(403, post(path, rename, session, null).statusCode(), path + " without the token");
            assertEquals(403, post(path, rename, session, csrf + "x").statusCode(), path + " with a wrong token");
        }
        assertEquals("Secret kitchen plug", context.registry.device(PLUG).orElseThrow().name(), "nothing changed");
        assertTrue(windowOpen, "the window was not closed");
        assertEquals(2, fabrics.size(), "no fabric was removed");
        HttpResponse<String> renamed = post("/api/devices/name", rename, session, csrf);
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals("Lamp", context.registry.device(PLUG).orElseThrow().name());
        assertEquals(403, post("/api/devices/room", "{\"id\":\"dect:plug-1\",\"room\":\"Hall\"}", session, null)
                .statusCode());
        assertEquals(200, post("/api/devices/room", "{\"id\":\"dect:plug-1\",\"room\":\"Hall\"}", session, csrf)
                .statusCode());
        assertEquals("Hall", context.registry.device(PLUG).orElseThrow().room());
        // Leaving the device out of Matter: the registry's flag, stored; and back.
        assertFalse(context.registry.device(PLUG).orElseThrow().excludedFromMatter(), "nothing changed before");
        String leaveOut = "{\"id\":\"dect:plug-1\",\"inMatter\":false}";
        assertEquals(403, post("/api/devices/matter", leaveOut, session, null).statusCode());
        HttpResponse<String> left = post("/api/devices/matter", leaveOut, session, csrf);
        assertEquals(200, left.statusCode(), left.body());
        assertEquals(false, Json.parseObject(left.body()).get("inMatter"));
        assertTrue(context.registry.device(PLUG).orElseThrow().excludedFromMatter());
        assertTrue(new org.cpebridge.core.registry.DeviceRegistry(new org.cpebridge.core.event.EventBus(Runnable::run),
                java.time.Clock.systemUTC(), context.store).device(PLUG).orElseThrow().excludedFromMatter(), "stored");
        assertEquals(400, post("/api/devices/matter", "{\"id\":\"dect:plug-1\",\"inMatter\":\"no\"}", session,
                csrf).statusCode());
        assertEquals(404, post("/api/devices/matter", "{\"id\":\"dect:nope\",\"inMatter\":true}", session,
                csrf).statusCode());
        assertEquals(200, post("/api/devices/matter", leaveOut.replace("false", "true"), session, csrf)
                .statusCode());
        assertFalse(context.registry.device(PLUG).orElseThrow().excludedFromMatter());
        // Bad input gets a clear error, not a crash.
        assertEquals(400, post("/api/devices/name", "{\"id\":\"dect:plug-1\",\"name\":\"a\\u0007b\"}", session,
                csrf).statusCode());
        assertEquals(404, post("/api/devices/name", "{\"id\":\"dect:nope\",\"name\":\"x\"}", session, csrf)
                .statusCode());
        assertEquals(400, post("/api/devices/name", "not json", session, csrf).statusCode());
        // Logged out, the old cookie reads nothing.
        assertEquals(200, post("/api/logout", "{}", session, csrf).statusCode());
        assertEquals(401, get("/api/devices", session).statusCode());
    }

    @Test
    void wrongPasswordsAreSlowedDown() throws Exception {
        setUpPassword();
        HttpResponse<String> wrong = login("not the password");
        assertEquals(401, wrong.statusCode());
        assertEquals("1", wrong.headers().firstValue("Retry-After").orElseThrow());
        // Right after a failure even the right password is not checked.
        HttpResponse<String> tooSoon = login(PASSWORD);
        assertEquals(429, tooSoon.statusCode(), tooSoon.body());
        assertTrue(tooSoon.headers().firstValue("Retry-After").isPresent());
        Thread.sleep(1_100);
        assertEquals(401, login("still wrong").statusCode());
        HttpResponse<String> second = login(PASSWORD);
        assertEquals(429, second.statusCode(), "the second failure doubles the wait: " + second.body());
        assertEquals("2", second.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(2_100);
        assertEquals(200, login(PASSWORD).statusCode());
    }

    @Test
    void afterLoginThePagesAndThePairingCodesAreThere() throws Exception {
        String session = setUpPassword();
        assertEquals(200, get("/", session).statusCode());
        Map<String, Object> devices = Json.parseObject(get("/api/devices", session).body());
        assertTrue(devices.toString().contains("Secret kitchen plug"), devices.toString());
        Map<String, Object> pairing = Json.parseObject(get("/api/pairing", session).body());
        assertEquals(true, pairing.get("matter"));
        assertTrue(pairing.toString().contains("3497-011-2332"), pairing.toString());
        assertTrue(pairing.toString().contains("test ecosystem (0xFFF1)"), pairing.toString());
        List<Object> paired = Json.asArray(pairing.get("fabrics")).orElseThrow();
        assertEquals("2026-11-30T18:05:00Z", Json.asObject(paired.get(0)).orElseThrow().get("added"),
                "when the ecosystem was added");
        assertEquals(null, Json.asObject(paired.get(1)).orElseThrow().get("added"), "not known for an older one");
        HttpResponse<String> qr = get("/api/pairing/qr.svg", session);
        assertEquals(200, qr.statusCode());
        assertEquals("image/svg+xml", qr.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(qr.body().startsWith("<svg"), qr.body());
        // The port's refusal reaches the page in words.
        String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
        HttpResponse<String> refused = post("/api/pairing/window", "{}", session, csrf);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("a window is already open"), refused.body());
    }

    @Test
    void theHouseholdClosesTheWindowAndRemovesAFabricWithItsSessionAndToken() throws Exception {
        String session = setUpPassword();
        String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
        String removeOne = "{\"fabricIndex\":1}";
        // Without the token (a cross-site form) or the session: nothing removed (every route in the test above).
        assertEquals(403, post("/api/pairing/remove", removeOne, session, null).statusCode());
        assertEquals(401, post("/api/pairing/remove", removeOne, null, csrf).statusCode());
        assertEquals(2, fabrics.size());
        // Bad input: a clear error, nothing removed.
        for (String bad : List.of("not json", "{}", "{\"fabricIndex\":\"1\"}", "{\"fabricIndex\":0}",
                "{\"fabricIndex\":255}", "{\"fabricIndex\":1.5}")) {
            assertEquals(400, post("/api/pairing/remove", bad, session, csrf).statusCode(), bad);
        }
        assertEquals(404, post("/api/pairing/remove", "{\"fabricIndex\":7}", session, csrf).statusCode());
        assertEquals(2, fabrics.size());

        HttpResponse<String> removed = post("/api/pairing/remove", removeOne, session, csrf);
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(List.of(2), fabrics.stream().map(Pairing.PairedFabric::fabricIndex).toList());
        Map<String, Object> pairing = Json.parseObject(get("/api/pairing", session).body());
        assertFalse(pairing.toString().contains("Kitchen hub"), pairing.toString());
        assertTrue(pairing.toString().contains("Apple Home"), pairing.toString());
        assertEquals(404, post("/api/pairing/remove", removeOne, session, csrf).statusCode(), "gone already");

        assertEquals(403, post("/api/pairing/close", "{}", session, null).statusCode());
        assertTrue(windowOpen);
        assertEquals(200, post("/api/pairing/close", "{}", session, csrf).statusCode());
        assertFalse(windowOpen);
        assertEquals(null, Json.parseObject(get("/api/pairing", session).body()).get("window"));
        assertEquals(404, get("/api/pairing/qr.svg", session).statusCode(), "no code once closed");
        assertEquals(409, post("/api/pairing/close", "{}", session, csrf).statusCode(), "none open");
    }

    @Test
    void addingAZigbeeDeviceOpensTheAdaptersJoinWindowWithSessionAndToken() throws Exception {
        List<java.time.Duration> joins = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<org.cpebridge.core.model.ErrorKind> refuse =
                new java.util.concurrent.atomic.AtomicReference<>();
        context.commands.attach("zigbee", new org.cpebridge.core.spi.Adapter() {
            @Override
            public void start() {
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> execute(org.cpebridge.core.spi.DeviceCommand command) {
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> permitJoin(java.time.Duration duration) {
                if (refuse.get() != null) {
                    return java.util.concurrent.CompletableFuture.failedFuture(new org.cpebridge.core.model
                            .DeviceException(refuse.get(), "Zigbee2MQTT is offline"));
                }
                joins.add(duration);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        });
        context.registry.reportNetwork(new org.cpebridge.core.model.RadioNetwork("zigbee",
                org.cpebridge.core.model.RadioNetwork.ZIGBEE, true, "", Map.of(), List.of()));
        context.registry.reportNetwork(new org.cpebridge.core.model.RadioNetwork("dect",
                org.cpebridge.core.model.RadioNetwork.DECT_ULE, true, "", Map.of(), List.of()));
        assertEquals(401, get("/api/networks", null).statusCode());
        String session = setUpPassword();
        String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
        assertEquals("[{adapter=dect, radio=DECT-ULE, technology=dect-ule, up=true, join=true}, "
                + "{adapter=zigbee, radio=Zigbee, technology=zigbee, up=true, join=true}]",
                Json.parseObject(get("/api/networks", session).body()).get("networks").toString());

        String join = "{\"adapter\":\"zigbee\",\"seconds\":60}";
        assertEquals(401, post("/api/networks/join", join, null, csrf).statusCode());
        assertEquals(403, post("/api/networks/join", join, session, null).statusCode());
        assertEquals(403, post("/api/networks/join", join, session, csrf + "x").statusCode());
        assertEquals(List.of(), joins, "nothing opened without the session and token");
        HttpResponse<String> opened = post("/api/networks/join", join, session, csrf);
        assertEquals(200, opened.statusCode(), opened.body());
        assertEquals(List.of(java.time.Duration.ofSeconds(60)), joins);
        for (String bad : List.of(join.replace("60", "0"), join.replace("60", "255"), join.replace("60", "\"60\""),
                "{\"seconds\":60}", "not json")) {
            assertEquals(400, post("/api/networks/join", bad, session, csrf).statusCode(), bad);
        }
        assertEquals(404, post("/api/networks/join", join.replace("zigbee", "thread"), session, csrf)
                .statusCode(), "no such adapter");
        refuse.set(org.cpebridge.core.model.ErrorKind.UNREACHABLE);
        HttpResponse<String> offline = post("/api/networks/join", join, session, csrf);
        assertEquals(503, offline.statusCode());
        assertTrue(offline.body().contains("Zigbee2MQTT is offline"), offline.body());
        assertEquals(1, joins.size());
    }

    /**
     * DECT registration mode through the same route: the answer waits for the base's confirmation (the adapter's
     * future completes only then), and a base that does not confirm is a 504 with the adapter's words.
     */
    @Test
    void addingADectDeviceOpensTheBasesRegistrationWindowWithSessionAndTokenOnceTheBaseConfirms() throws Exception {
        List<java.time.Duration> windows = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean confirmed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean baseSilent = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ScheduledExecutorService base = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        try {
            context.commands.attach("dect", new org.cpebridge.core.spi.Adapter() {
                @Override
                public void start() {
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> execute(
                        org.cpebridge.core.spi.DeviceCommand command) {
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }

                @Override
                public java.util.concurrent.CompletionStage<Void> permitJoin(java.time.Duration duration) {
                    windows.add(duration);
                    java.util.concurrent.CompletableFuture<Void> answer = new java.util.concurrent.CompletableFuture<>();
                    if (baseSilent.get()) {
                        answer.completeExceptionally(new org.cpebridge.core.model.DeviceException(
                                org.cpebridge.core.model.ErrorKind.TIMEOUT,
                                "the DECT base did not confirm its registration window"));
                        return answer;
                    }
                    // the base's REGISTRATION answer comes a little later, on another thread
                    base.schedule(() -> {
                        confirmed.set(true);
                        answer.complete(null);
                    }, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return answer;
                }

                @Override
                public void close() {
                }
            });
            context.registry.reportNetwork(new org.cpebridge.core.model.RadioNetwork("dect",
                    org.cpebridge.core.model.RadioNetwork.DECT_ULE, true, "", Map.of(), List.of()));
            String session = setUpPassword();
            String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
            assertEquals("[{adapter=dect, radio=DECT-ULE, technology=dect-ule, up=true, join=true}]",
                    Json.parseObject(get("/api/networks", session).body()).get("networks").toString());

            String join = "{\"adapter\":\"dect\",\"seconds\":60}";
            assertEquals(401, post("/api/networks/join", join, null, csrf).statusCode());
            assertEquals(403, post("/api/networks/join", join, session, null).statusCode());
            assertEquals(403, post("/api/networks/join", join, session, csrf + "x").statusCode());
            assertEquals(List.of(), windows, "nothing opened without the session and token");
            HttpResponse<String> opened = post("/api/networks/join", join, session, csrf);
            assertEquals(200, opened.statusCode(), opened.body());
            assertTrue(confirmed.get(), "answered only after the base confirmed");
            assertEquals(List.of(java.time.Duration.ofSeconds(60)), windows);

            baseSilent.set(true);
            HttpResponse<String> silent = post("/api/networks/join", join, session, csrf);
            assertEquals(504, silent.statusCode());
            assertTrue(silent.body().contains("did not confirm"), silent.body());
        } finally {
            base.shutdownNow();
        }
    }

    @Test
    void thePrivacyPageGrantsRevokesAndShowsTheVerifiedLog() throws Exception {
        GrantBook grants = new GrantBook(context.store, java.time.Clock.systemUTC());
        AccessLog log = new AccessLog(context.store, java.time.Clock.systemUTC());
        log.append(new AccessLog.Event("proto::isp", "Get", "Device.ProxiedDevice.1.OnOff.", Decision.DENIED));
        providePrivacy(grants, log);
        for (String path : List.of("/api/privacy", "/api/privacy/access-log.json")) {
            HttpResponse<String> refused = get(path, null);
            assertEquals(401, refused.statusCode(), path);
            assertFalse(refused.body().contains("proto::isp"), path);
        }
        String session = setUpPassword();
        String csrf = (String) Json.parseObject(get("/api/session", session).body()).get("csrf");
        String grant = "{\"controller\":\"proto::isp\",\"target\":\"Device.ProxiedDevice.1.\","
                + "\"classes\":\"STATE\",\"durationSeconds\":3600,\"reason\":\"repair\"}";
        assertEquals(403, post("/api/privacy/grants", grant, session, null).statusCode());
        assertTrue(grants.active().isEmpty());
        HttpResponse<String> made = post("/api/privacy/grants", grant, session, csrf);
        assertEquals(200, made.statusCode(), made.body());
        assertEquals(1, grants.active().size());
        assertEquals("repair", grants.active().get(0).reason());
        HttpResponse<String> bad = post("/api/privacy/grants", grant.replace("STATE", "GOSSIP"), session, csrf);
        assertEquals(400, bad.statusCode(), "unknown class: " + bad.body());

        Map<String, Object> view = Json.parseObject(get("/api/privacy", session).body());
        assertEquals(true, view.get("logIntact"));
        assertTrue(view.get("log").toString().contains("Denied"), view.toString());
        assertTrue(view.get("grants").toString().contains("proto::isp"), view.toString());
        assertTrue(view.get("controllers").toString().contains("It can see: which devices you have, whether they work,"
                + " battery levels."), view.toString());
        HttpResponse<String> download = get("/api/privacy/access-log.json", session);
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        assertEquals(log.exportJson(), download.body());

        long number = grants.active().get(0).number();
        assertEquals(403, post("/api/privacy/revoke", "{\"number\":" + number + "}", session, null).statusCode());
        assertEquals(200, post("/api/privacy/revoke", "{\"number\":" + number + "}", session, csrf).statusCode());
        assertTrue(grants.active().isEmpty());
        assertEquals(404, post("/api/privacy/revoke", "{\"number\":" + number + "}", session, csrf).statusCode());
    }

    @Test
    void theLogIsFilteredByControllerOperationDecisionAndTime() throws Exception {
        org.cpebridge.core.testing.ManualClock clock = new org.cpebridge.core.testing.ManualClock(
                Instant.parse("2026-12-01T10:00:00Z"));
        AccessLog log = new AccessLog(context.store, clock);
        log.append(new AccessLog.Event("proto::isp", "Get", "Device.ProxiedDevice.1.", Decision.FILTERED));
        clock.advance(Duration.ofHours(1));
        log.append(new AccessLog.Event("proto::isp", "Operate", "Device.Reboot()", Decision.DENIED));
        clock.advance(Duration.ofHours(1));
        log.append(new AccessLog.Event("proto::other-isp", "Get", "Device.DeviceInfo.", Decision.ALLOWED));
        clock.advance(Duration.ofHours(1));
        log.append(new AccessLog.Event("proto::isp", "Get", "Device.ProxiedDevice.2.", Decision.DENIED));
        providePrivacy(new GrantBook(context.store, clock), log);
        assertEquals(401, get("/api/privacy/log", null).statusCode());
        String session = setUpPassword();

        Map<String, Object> all = Json.parseObject(get("/api/privacy/log", session).body());
        assertEquals(4L, all.get("matched"));
        assertEquals(List.of("Get", "Operate"), all.get("operations"));
        assertEquals(List.of(1L, 2L, 3L, 4L), sequences(all));
        assertEquals(List.of(2L, 4L), sequences(Json.parseObject(get("/api/privacy/log?decision=denied", session)
                .body())));
        assertEquals(List.of(1L, 4L), sequences(Json.parseObject(get(
                "/api/privacy/log?controller=proto::isp&operation=Get", session).body())));
        assertEquals(List.of(3L), sequences(Json.parseObject(get("/api/privacy/log?controller=other", session)
                .body())));
        Map<String, Object> window = Json.parseObject(get("/api/privacy/log?from=2026-12-01T11:00:00Z"
                + "&to=2026-12-01T12:00:00Z", session).body());
        assertEquals(List.of(2L, 3L), sequences(window), "from and to are inclusive");
        assertEquals(2L, window.get("matched"));
        assertEquals(4L, window.get("logSize"));
        assertEquals(List.of(4L), sequences(Json.parseObject(get("/api/privacy/log?decision=Denied"
                + "&from=2026-12-01T12:30:00Z", session).body())));
        assertEquals(400, get("/api/privacy/log?from=yesterday", session).statusCode());
        assertEquals(400, get("/api/privacy/log?decision=maybe", session).statusCode());
    }

    @SuppressWarnings("unchecked")
    private static List<Long> sequences(Map<String, Object> log) {
        return ((List<Map<String, Object>>) log.get("log")).stream().map(e -> (Long) e.get("sequence")).toList();
    }

    @Test
    void aDeviceChangeIsPushedAsAServerSentEvent() throws Exception {
        String session = setUpPassword();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (Socket socket = new Socket("127.0.0.1", console.localAddress().getPort())) {
            socket.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + session
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("closed: " + e);
                }
            });
            reader.setDaemon(true);
            reader.start();
            awaitLine(lines, "event: hello");
            context.registry.updateState(PLUG, "onOff", "on", Value.Bool.TRUE);
            awaitLine(lines, "event: device");
            String data = awaitLine(lines, "data: ");
            assertTrue(data.contains("\"key\":\"onOff.on\",\"value\":true"), data);
            // Past the request timeout the stream stays open: it is not an idle request.
            Thread.sleep(1_500);
            context.registry.setReachable(PLUG, false, "unplugged");
            assertTrue(awaitLine(lines, "data: ").contains("\"reachable\":false"));
        }
    }

    @Test
    void slowAndOversizedRequestsAreCutOff() throws Exception {
        // Headers that never end: closed after web.requestTimeout (1 s here).
        try (Socket socket = new Socket("127.0.0.1", console.localAddress().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long begin = System.nanoTime();
            InputStream in = socket.getInputStream();
            assertEquals(-1, in.read(), "closed without an answer");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertTrue(waited >= 800 && waited < 4_000, "closed after " + waited + " ms");
        }
        String token = loginToken();
        String big = "{\"password\":\"" + "x".repeat(WebSettings.MAX_BODY_BYTES) + "\"}";
        assertEquals(413, post("/api/setup", big, "cpeb_prelogin=" + token, token).statusCode());
        assertFalse(Files.exists(dir.resolve("data/console/password.rec")));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", console.localAddress().getPort())) {
            socket.setSoTimeout(5_000);
            String one = "GET /static/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            String two = "GET /api/devices HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            String three = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write((one + two + three).getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int css = all.indexOf("text/css");
            int refused = all.indexOf("HTTP/1.1 401");
            int login = all.indexOf("text/html");
            assertTrue(css > 0 && refused > css && login > refused, all);
        }
    }

    /** The USP face's port as the console sees it, over a real grant book and access log. */
    private void providePrivacy(GrantBook grants, AccessLog log) {
        context.ports.provide(HouseholdPrivacy.class, new HouseholdPrivacy() {
            @Override
            public List<Controller> controllers() {
                return List.of(new Controller("proto::isp", true, List.of("ISP-Operations"),
                        Set.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH), false));
            }

            @Override
            public List<Grant> grants() {
                return grants.active();
            }

            @Override
            public Grant grant(String controller, String target, String classes, long seconds, String reason)
                    throws GrantException {
                return grants.grant(controller, target, classes, seconds, reason);
            }

            @Override
            public boolean revoke(long number) {
                return grants.revoke(number);
            }

            @Override
            public List<AccessLogEntry> logEntries() {
                return log.entries();
            }

            @Override
            public AccessLog.Verification verifyLog() {
                return log.verify();
            }

            @Override
            public String exportLogJson() {
                return log.exportJson();
            }
        });
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }

    /** Sets the first password; returns the session cookie ({@code cpeb_session=...}). */
    private String setUpPassword() throws Exception {
        String token = loginToken();
        HttpResponse<String> response = post("/api/setup", "{\"password\":\"" + PASSWORD + "\"}",
                "cpeb_prelogin=" + token, token);
        assertEquals(200, response.statusCode(), response.body());
        return sessionCookie(response);
    }

    private HttpResponse<String> login(String password) throws Exception {
        String token = loginToken();
        return post("/api/login", "{\"password\":\"" + password + "\"}", "cpeb_prelogin=" + token, token);
    }

    private String loginToken() throws Exception {
        return (String) Json.parseObject(get("/api/login-state", null).body()).get("token");
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cpeb_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String cookie, String csrf) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
