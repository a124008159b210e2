package org.cpebridge.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.spi.FacePorts;
import org.cpebridge.privacy.HouseholdPrivacy;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.audit.Decision;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantException;

/**
 * The privacy page's API over the USP face's {@link HouseholdPrivacy} port: the grants with revoke, a grant form,
 * the transparency log (the newest {@value #LOG_ROWS} rows, filtered by controller, operation, decision and time),
 * its verification and its JSON download. Called after
 * the session and CSRF checks, on worker threads; stateless.
 */
final class PrivacyRoutes {

    static final int LOG_ROWS = 200;

    private final FacePorts ports;

    PrivacyRoutes(FacePorts ports) {
        this.ports = ports;
    }

    WebResponse view() {
        Optional<HouseholdPrivacy> port = ports.find(HouseholdPrivacy.class);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("available", port.isPresent());
        if (port.isEmpty()) {
            return WebResponse.json(200, view);
        }
        view.put("controllers", port.get().controllers().stream().map(PrivacyRoutes::controllerView).toList());
        view.put("grants", port.get().grants().stream().map(PrivacyRoutes::grantView).toList());
        List<AccessLogEntry> entries = port.get().logEntries();
        view.put("log", entries.subList(Math.max(0, entries.size() - LOG_ROWS), entries.size()).stream()
                .map(PrivacyRoutes::entryView).toList());
        view.put("logSize", entries.size());
        AccessLog.Verification verification = port.get().verifyLog();
        view.put("logIntact", verification.intact());
        view.put("logVerification", verification.describe());
        view.put("classes", java.util.Arrays.stream(PrivacyClass.values()).map(Enum::name).toList());
        return WebResponse.json(200, view);
    }

    /**
     * The transparency log filtered by the query: {@code controller} (part of its Endpoint ID), {@code operation}
     * and {@code decision} (whole words, any case), {@code from} and {@code to} (ISO-8601 instants, inclusive). The
     * newest {@value #LOG_ROWS} matching rows, how many matched, and the operations the log holds (for the page's
     * choice).
     */
    WebResponse log(WebRequest request) {
        Optional<HouseholdPrivacy> port = ports.find(HouseholdPrivacy.class);
        if (port.isEmpty()) {
            return WebResponse.error(409, "USP is not running on this bridge");
        }
        Optional<String> controller = request.parameter("controller");
        Optional<String> operation = request.parameter("operation");
        Optional<String> decision = request.parameter("decision");
        Instant from;
        Instant to;
        try {
            from = request.parameter("from").map(Instant::parse).orElse(Instant.MIN);
            to = request.parameter("to").map(Instant::parse).orElse(Instant.MAX);
        } catch (DateTimeParseException e) {
            return WebResponse.error(400, "from and to are times like 2026-12-07T13:00:00Z");
        }
        if (decision.isPresent() && Arrays.stream(Decision.values())
                .noneMatch(d -> d.word().equalsIgnoreCase(decision.get()))) {
            return WebResponse.error(400, "decision is one of Allowed, Filtered, Denied");
        }
        List<AccessLogEntry> entries = port.get().logEntries();
        List<AccessLogEntry> matching = entries.stream()
                .filter(e -> controller.map(c -> e.controller().contains(c)).orElse(true))
                .filter(e -> operation.map(o -> e.operation().equalsIgnoreCase(o)).orElse(true))
                .filter(e -> decision.map(d -> e.decision().word().equalsIgnoreCase(d)).orElse(true))
                .filter(e -> !e.time().isBefore(from) && !e.time().isAfter(to))
                .toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("log", matching.subList(Math.max(0, matching.size() - LOG_ROWS), matching.size()).stream()
                .map(PrivacyRoutes::entryView).toList());
        view.put("matched", matching.size());
        view.put("logSize", entries.size());
        view.put("operations", entries.stream().map(AccessLogEntry::operation).distinct().sorted().toList());
        return WebResponse.json(200, view);
    }

    WebResponse grant(WebRequest request) {
        Optional<HouseholdPrivacy> port = ports.find(HouseholdPrivacy.class);
        if (port.isEmpty()) {
            return WebResponse.error(409, "USP is not running on this bridge");
        }
        Map<String, Object> body;
        try {
            body = Json.parseObject(request.bodyText());
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (!(body.get("controller") instanceof String controller) || !(body.get("target") instanceof String target)
                || !(body.get("classes") instanceof String classes)
                || !(body.get("durationSeconds") instanceof Number duration)) {
            return WebResponse.error(400, "the request needs controller, target, classes and durationSeconds");
        }
        String reason = body.get("reason") instanceof String text ? text : "";
        try {
            return WebResponse.json(200, grantView(port.get().grant(controller, target, classes,
                    duration.longValue(), reason)));
        } catch (GrantException e) {
            return WebResponse.error(400, e.getMessage());
        }
    }

    WebResponse revoke(WebRequest request) {
        Optional<HouseholdPrivacy> port = ports.find(HouseholdPrivacy.class);
        if (port.isEmpty()) {
            return WebResponse.error(409, "USP is not running on this bridge");
        }
        Object number;
        try {
            number = Json.parseObject(request.bodyText()).get("number");
        } catch (IllegalArgumentException e) {
            return WebResponse.error(400, "the request is not JSON");
        }
        if (!(number instanceof Number n)) {
            return WebResponse.error(400, "the request needs the grant's number");
        }
        return port.get().revoke(n.longValue()) ? WebResponse.json(200, Map.of("ok", true))
                : WebResponse.error(404, "no such grant");
    }

    WebResponse download() {
        Optional<HouseholdPrivacy> port = ports.find(HouseholdPrivacy.class);
        if (port.isEmpty()) {
            return WebResponse.error(409, "USP is not running on this bridge");
        }
        return WebResponse.bytes("application/json; charset=utf-8",
                        port.get().exportLogJson().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"access-log.json\"");
    }

    private static Map<String, Object> controllerView(HouseholdPrivacy.Controller controller) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("endpointId", controller.endpointId());
        view.put("enabled", controller.enabled());
        view.put("roles", controller.roles());
        view.put("household", controller.household());
        view.put("words", controller.household() ? "A household Controller: it sees and controls everything."
                : PlainWords.describe(controller.reach()));
        return view;
    }

    private static Map<String, Object> grantView(Grant grant) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("number", grant.number());
        view.put("controller", grant.controller());
        view.put("target", grant.target());
        view.put("classes", grant.classes().stream().map(Enum::name).sorted().toList());
        view.put("expires", grant.expires().toString());
        view.put("reason", grant.reason());
        return view;
    }

    private static Map<String, Object> entryView(AccessLogEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sequence", entry.sequence());
        view.put("time", entry.time().toString());
        view.put("controller", entry.controller());
        view.put("operation", entry.operation());
        view.put("paths", entry.paths());
        view.put("decision", entry.decision().word());
        return view;
    }
}
