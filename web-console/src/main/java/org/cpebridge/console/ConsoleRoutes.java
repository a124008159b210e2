package org.cpebridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cpebridge.console.auth.LoginThrottle;
import org.cpebridge.console.auth.PasswordStore;
import org.cpebridge.console.auth.Sessions;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.RadioNetwork;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.core.spi.Pairing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages and JSON API, without netty: a request in, a response out. Before login only the login page,
 * its script and style, and the login API answer; everything else is a redirect to the login page (pages) or 401
 * (API), and says nothing about the home. Every state-changing request needs the session's CSRF token in
 * {@value #CSRF_HEADER}; the login and the first password need the pre-login token instead, from a cookie that only
 * a page of this origin could have read back.
 *
 * <p>Called on the bridge's worker threads (the KDF is slow); the state it touches is thread-safe.
 */
final class ConsoleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);

    static final String SESSION_COOKIE = "cpeb_session";
    static final String PRELOGIN_COOKIE = "cpeb_prelogin";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String RESOURCES = "/org/cpebridge/console/web/";
    /** Zigbee2MQTT's permit_join takes at most 254 s. */
    static final long MAX_JOIN_SECONDS = 254;
    /** Longer than the core router's own wait, so the router's TIMEOUT is the answer a person sees. */
    private static final long JOIN_ANSWER_SECONDS = 60;

    /** What may be read before login: the login page and what it needs. Nothing here says anything of the home. */
    private static final Map<String, String> PUBLIC_FILES = Map.of(
            "/login", "login.html",
            "/static/login.js", "login.js",
            "/static/style.css", "style.css");
    private static final Map<String, String> APP_FILES = Map.of(
            "/", "index.html",
            "/static/app.js", "app.js");

    private final DeviceRegistry registry;
    private final CommandRouter commands;
    private final FacePorts ports;
    private final PasswordStore passwords;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final PrivacyRoutes privacy;

    ConsoleRoutes(DeviceRegistry registry, CommandRouter commands, FacePorts ports, PasswordStore passwords,
                  Sessions sessions, LoginThrottle throttle, Clock clock) {
        this.registry = registry;
        this.commands = commands;
        this.ports = ports;
        this.passwords = passwords;
        this.sessions = sessions;
        this.throttle = throttle;
        this.clock = clock;
        this.privacy = new PrivacyRoutes(ports);
    }

    WebResponse handle(WebRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            LOG.warn("[web {}] {} {} failed", request.remote(), request.method(), request.path(), e);
            return WebResponse.error(500, "internal error");
        }
    }

    private WebResponse route(WebRequest request) {
        String path = request.path();
        String method = request.method();
        if (PUBLIC_FILES.containsKey(path)) {
            return method.equals("GET") ? file(PUBLIC_FILES.get(path)) : WebResponse.error(405, "method not allowed");
        }
        switch (path) {
            case "/api/login-state":
                return method.equals("GET") ? loginState(request) : WebResponse.error(405, "method not allowed");
            case "/api/login":
            case "/api/setup":
                return method.equals("POST") ? login(request, path.equals("/api/setup"))
                        : WebResponse.error(405, "method not allowed");
            default:
                break;
        }
        // Everything below needs a session.
        Optional<Sessions.Session> session = request.cookie(SESSION_COOKIE).flatMap(sessions::find);
        if (session.isEmpty()) {
            return path.startsWith("/api/") ? WebResponse.error(401, "log in first")
                    : WebResponse.redirect("/login");
        }
        if (request.changesState() && !session.get().csrfMatches(request.header(CSRF_HEADER).orElse(null))) {
            return WebResponse.error(403, "missing or wrong CSRF token");
        }
        if (APP_FILES.containsKey(path)) {
            return method.equals("GET") ? file(APP_FILES.get(path)) : WebResponse.error(405, "method not allowed");
        }
        return switch (method + " " + path) {
            case "GET /api/session" -> WebResponse.json(200, Map.of("csrf", session.get().csrfToken()));
            case "POST /api/logout" -> logout(request, session.get());
            case "GET /api/devices" -> WebResponse.json(200, Map.of("devices", DeviceViews.all(registry)));
            case "GET /api/events" -> WebResponse.openEventStream();
            case "POST /api/devices/name" -> label(request, "name");
            case "POST /api/devices/room" -> label(request, "room");
            case "POST /api/devices/matter" -> matter(request);
            case "GET /api/networks" -> networks();
            case "POST /api/networks/join" -> permitJoin(request);
            case "GET /api/pairing" -> pairing();
            case "GET /api/pairing/qr.svg" -> qrImage();
            case "POST /api/pairing/window" -> openWindow();
            case "POST /api/pairing/close" -> closeWindow();
            case "POST /api/pairing/remove" -> removeFabric(request);
            case "GET /api/privacy" -> privacy.view();
            case "GET /api/privacy/log" -> privacy.log(request);
            case "POST /api/privacy/grants" -> privacy.grant(request);
            case "POST /api/privacy/revoke" -> privacy.revoke(request);
            case "GET /api/privacy/access-log.json" -> privacy.download();
            default -> WebResponse.error(404, "no such page");
        };
    }

    /** Whether a password is set yet, and a fresh pre-login token (also set as a cookie) for the login form. */
    private WebResponse loginState(WebRequest request) {
        String token = sessions.newToken();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("passwordSet", passwords.isSet());
        state.put("token", token);
        return WebResponse.json(200, state).withHeader("Set-Cookie", cookie(PRELOGIN_COOKIE, token, request, -1));
    }

    private WebResponse login(WebRequest request, boolean firstPassword) {
        String cookieToken = request.cookie(PRELOGIN_COOKIE).orElse(null);
        String headerToken = request.header(CSRF_HEADER).orElse(null);
        if (cookieToken == null || headerToken == null || !java.security.MessageDigest.isEqual(
                cookieToken.getBytes(StandardCharsets.US_ASCII), headerToken.getBytes(StandardCharsets.US_ASCII))) {
            return WebResponse.error(403, "missing or wrong CSRF token");
        }
        Optional<Duration> wait = throttle.waitBeforeAttempt(request.remote());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return WebResponse.error(429, "too many wrong passwords: try again in " + seconds + " s")
                    .withHeader("Retry-After", Long.toString(seconds));
        }
        String password;
        try {
            Object value = Json.parseObject(request.bodyText()).get("password");
            if (!(value instanceof String text)) {
                return WebResponse.error(400, "the request needs a password");
            }
            password = text;
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (firstPassword) {
            if (passwords.isSet()) {
                return WebResponse.error(409, "a password is already set; log in with it");
            }
            try {
                passwords.setFirst(password);
            } catch (IllegalArgumentException e) {
                return WebResponse.error(400, e.getMessage());
            } catch (IllegalStateException e) {
                return WebResponse.error(409, "a password is already set; log in with it");
            }
            sessions.endAll();
            LOG.info("[web {}] the household password was set", request.remote());
        } else if (!passwords.matches(password)) {
            Duration delay = throttle.failed(request.remote());
            LOG.info("[web {}] wrong console password; next attempt in {} s", request.remote(), delay.toSeconds());
            return WebResponse.error(401, passwords.isSet() ? "wrong password" : "no password is set yet")
                    .withHeader("Retry-After", Long.toString(delay.toSeconds()));
        }
        throttle.succeeded(request.remote());
        Sessions.Session session = sessions.create();
        return WebResponse.json(200, Map.of("ok", true))
                .withHeader("Set-Cookie", cookie(SESSION_COOKIE, session.token(), request, -1))
                .withHeader("Set-Cookie", cookie(PRELOGIN_COOKIE, "", request, 0));
    }

    private WebResponse logout(WebRequest request, Sessions.Session session) {
        sessions.end(session.token());
        return WebResponse.json(200, Map.of("ok", true))
                .withHeader("Set-Cookie", cookie(SESSION_COOKIE, "", request, 0));
    }

    /** Sets a device's name or room through the core registry, which stores it and tells every face. */
    private WebResponse label(WebRequest request, String field) {
        Map<String, Object> body;
        try {
            body = Json.parseObject(request.bodyText());
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (!(body.get("id") instanceof String id) || !(body.get(field) instanceof String label)) {
            return WebResponse.error(400, "the request needs an id and a " + field);
        }
        DeviceId deviceId;
        try {
            deviceId = DeviceId.parse(id);
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "no such device id");
        }
        if (registry.device(deviceId).isEmpty()) {
            return WebResponse.error(404, "no such device");
        }
        try {
            return WebResponse.json(200, DeviceViews.view(field.equals("name")
                    ? registry.rename(deviceId, label.strip()) : registry.setRoom(deviceId, label.strip()), registry));
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, e.getMessage());
        } catch (DeviceException e) {
            return e.kind() == ErrorKind.NOT_FOUND ? WebResponse.error(404, "no such device")
                    : WebResponse.error(400, e.getMessage());
        }
    }

    /** Leaves a device out of Matter or brings it back, through the core registry (stored, then the face follows). */
    private WebResponse matter(WebRequest request) {
        Map<String, Object> body;
        try {
            body = Json.parseObject(request.bodyText());
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (!(body.get("id") instanceof String id) || !(body.get("inMatter") instanceof Boolean inMatter)) {
            return WebResponse.error(400, "the request needs an id and inMatter (true or false)");
        }
        DeviceId deviceId;
        try {
            deviceId = DeviceId.parse(id);
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "no such device id");
        }
        try {
            Device device = registry.setExcludedFromMatter(deviceId, !inMatter);
            LOG.info("[web {}] the household {} {} {} Matter", request.remote(), inMatter ? "brought" : "left",
                    deviceId, inMatter ? "back into" : "out of");
            return WebResponse.json(200, DeviceViews.view(device, registry));
        } catch (DeviceException e) {
            return e.kind() == ErrorKind.NOT_FOUND ? WebResponse.error(404, "no such device")
                    : WebResponse.error(400, e.getMessage());
        }
    }

    /** The radio networks the adapters report, and whether the console can open each for new devices. */
    private WebResponse networks() {
        return WebResponse.json(200, Map.of("networks", registry.networks().values().stream()
                .sorted(java.util.Comparator.comparing(RadioNetwork::adapterId)).map(network -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("adapter", network.adapterId());
                    view.put("radio", DeviceViews.radioName(network.adapterId()));
                    view.put("technology", network.technology());
                    view.put("up", network.up());
                    // Zigbee's join window is Zigbee2MQTT's permit_join, DECT's the base's registration window.
                    view.put("join", network.technology().equals(RadioNetwork.ZIGBEE)
                            || network.technology().equals(RadioNetwork.DECT_ULE));
                    return view;
                }).toList()));
    }

    /**
     * Opens an adapter's network for new devices ("add a Zigbee device for 60 s", DECT registration mode) through the
     * core's command router, and answers once the adapter confirmed it (Zigbee2MQTT's permit_join response, the DECT
     * base's REGISTRATION answer) or refused.
     */
    private WebResponse permitJoin(WebRequest request) {
        Map<String, Object> body;
        try {
            body = Json.parseObject(request.bodyText());
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (!(body.get("adapter") instanceof String adapter) || !(body.get("seconds") instanceof Long seconds)
                || seconds < 1 || seconds > MAX_JOIN_SECONDS) {
            return WebResponse.error(400, "the request needs an adapter and seconds from 1 to " + MAX_JOIN_SECONDS);
        }
        try {
            commands.permitJoin(adapter, Duration.ofSeconds(seconds)).get(JOIN_ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeviceException refused) {
                return WebResponse.error(switch (refused.kind()) {
                    case NOT_FOUND -> 404;
                    case INVALID_VALUE -> 400;
                    case UNSUPPORTED, DENIED -> 409;
                    case TIMEOUT -> 504;
                    default -> 503;
                }, refused.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return WebResponse.error(504, "the adapter did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WebResponse.error(503, "stopping");
        }
        LOG.info("[web {}] the household opened {} for new devices for {} s", request.remote(), adapter, seconds);
        return WebResponse.json(200, Map.of("ok", true, "seconds", seconds));
    }

    private WebResponse pairing() {
        Optional<Pairing> pairing = ports.find(Pairing.class);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("matter", pairing.isPresent());
        view.put("window", pairing.flatMap(Pairing::openWindow).map(this::windowView).orElse(null));
        view.put("fabrics", pairing.map(p -> p.fabrics().stream().map(f -> {
            Map<String, Object> fabric = new LinkedHashMap<>();
            fabric.put("index", f.fabricIndex());
            fabric.put("label", f.label());
            fabric.put("vendorId", f.vendorId());
            fabric.put("ecosystem", Ecosystems.name(f.vendorId()));
            fabric.put("added", f.added().map(Object::toString).orElse(null));
            return fabric;
        }).toList()).orElse(List.of()));
        return WebResponse.json(200, view);
    }

    private Map<String, Object> windowView(Pairing.Window window) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("qrPayload", window.qrPayload());
        view.put("manualCode", window.manualCode());
        view.put("closesAt", window.closesAt().toString());
        view.put("secondsLeft", Math.max(0, Duration.between(clock.instant(), window.closesAt()).toSeconds()));
        return view;
    }

    private WebResponse qrImage() {
        Optional<Pairing.Window> window = ports.find(Pairing.class).flatMap(Pairing::openWindow);
        if (window.isEmpty()) {
            return WebResponse.error(404, "no commissioning window is open");
        }
        return WebResponse.bytes("image/svg+xml",
                QrSvg.render(window.get().qrPayload()).getBytes(StandardCharsets.UTF_8));
    }

    private WebResponse openWindow() {
        Optional<Pairing> pairing = ports.find(Pairing.class);
        if (pairing.isEmpty()) {
            return WebResponse.error(409, "Matter is not running on this bridge");
        }
        try {
            return WebResponse.json(200, windowView(pairing.get().openNewWindow()));
        } catch (IllegalStateException e) {
            return WebResponse.error(409, e.getMessage());
        }
    }

    private WebResponse closeWindow() {
        Optional<Pairing> pairing = ports.find(Pairing.class);
        if (pairing.isEmpty()) {
            return WebResponse.error(409, "Matter is not running on this bridge");
        }
        try {
            return pairing.get().closeWindow() ? WebResponse.json(200, Map.of("ok", true))
                    : WebResponse.error(409, "no pairing window is open");
        } catch (IllegalStateException e) {
            return WebResponse.error(409, e.getMessage());
        }
    }

    /** Takes the bridge off one fabric (the household removes an ecosystem), as the fabric's RemoveFabric would. */
    private WebResponse removeFabric(WebRequest request) {
        Optional<Pairing> pairing = ports.find(Pairing.class);
        if (pairing.isEmpty()) {
            return WebResponse.error(409, "Matter is not running on this bridge");
        }
        Object index;
        try {
            index = Json.parseObject(request.bodyText()).get("fabricIndex");
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        // Fabric indexes are 1..254 (Matter core 7.5.2); anything else names no fabric.
        if (!(index instanceof Long number) || number < 1 || number > 254) {
            return WebResponse.error(400, "the request needs a fabricIndex from 1 to 254");
        }
        try {
            if (!pairing.get().removeFabric(number.intValue())) {
                return WebResponse.error(404, "this bridge is not paired with that home system");
            }
        } catch (IllegalStateException e) {
            return WebResponse.error(409, e.getMessage());
        }
        LOG.info("[web {}] the household removed Matter fabric {}", request.remote(), number.intValue());
        return WebResponse.json(200, Map.of("ok", true));
    }

    /** A cookie only this origin's pages send back, never readable by scripts; {@code maxAge} 0 deletes it. */
    static String cookie(String name, String value, WebRequest request, int maxAge) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (request.secure() ? "; Secure" : "")
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
    }

    private static WebResponse file(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("console resource missing from the jar: " + name);
            }
            return WebResponse.bytes(contentType(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
