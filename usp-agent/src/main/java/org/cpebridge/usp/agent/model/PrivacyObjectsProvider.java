package org.cpebridge.usp.agent.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.AccessLogEntry;
import org.cpebridge.privacy.grant.Grant;
import org.cpebridge.privacy.grant.GrantBook;
import org.cpebridge.privacy.grant.GrantException;
import org.cpebridge.privacy.policy.DailyEnergyTotals;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.message.KeyedCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code Device.X_CPEBRIDGE_Privacy.} over the privacy-policy module: {@code Grant()} (inputs Controller,
 * Target, Classes, Duration in seconds, Reason; output Grant, the new row's path), the active {@code Grant.{i}.} rows
 * (Controller, Target, Classes, Expires, Reason) with {@code Revoke()}, the transparency log as {@code AccessLog.{i}.}
 * (Time, Controller, Operation, Path, Decision, PreviousHash, Hash; {@code i} is the entry's sequence number),
 * {@code VerifyAccessLog()} (Result {@code intact} or {@code broken at entry N: why}), {@code ExportAccessLog()}
 * (Log, the kept entries as a JSON array) and, when the household opted in, {@code DailyEnergy.{i}.} (Date, Energy
 * in kWh: the whole home per finished UTC day).
 *
 * <p>Only a household Controller may grant and revoke, whatever its ControllerTrust permissions say (7006); the
 * built-in ISP-Operations role cannot even see the object. A grant names a Controller of the Controller table (7027
 * otherwise). Owning thread: the agent's executor.
 */
public final class PrivacyObjectsProvider implements KeyedCommands {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyObjectsProvider.class);

    private final GrantBook grants;
    private final AccessLog log;
    private final Predicate<String> household;
    private final Predicate<String> knownController;
    private final Optional<DailyEnergyTotals> dailyEnergy;

    /**
     * @param household       whether a Controller holds a household role
     * @param knownController whether an Endpoint ID has a row in the Controller table
     * @param dailyEnergy     the whole-home daily totals, when the household opted in
     */
    public PrivacyObjectsProvider(GrantBook grants, AccessLog log, Predicate<String> household,
            Predicate<String> knownController, Optional<DailyEnergyTotals> dailyEnergy) {
        this.dailyEnergy = Objects.requireNonNull(dailyEnergy, "dailyEnergy");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.log = Objects.requireNonNull(log, "log");
        this.household = Objects.requireNonNull(household, "household");
        this.knownController = Objects.requireNonNull(knownController, "knownController");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        return switch (table.name()) {
            case "Grant" -> grants.active().stream().map(Grant::number).toList();
            case "AccessLog" -> log.sequences();
            // Numbered by the day (days since 1970-01-01), so a day keeps its row.
            case "DailyEnergy" -> dailyEnergy.map(d -> d.finishedDays().stream().map(t -> t.date().toEpochDay())
                    .toList()).orElse(List.of());
            default -> List.of();
        };
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Long> numbers = object.instanceNumbers();
        switch (object.schema().name()) {
            case "X_CPEBRIDGE_Privacy" -> {
                values.put("GrantNumberOfEntries", Integer.toString(grants.active().size()));
                values.put("AccessLogNumberOfEntries", Integer.toString(log.sequences().size()));
            }
            case "Grant" -> grants.get(numbers.get(0)).ifPresent(g -> {
                values.put("Alias", "cpe-" + g.number());
                values.put("Controller", g.controller());
                values.put("Target", g.target());
                values.put("Classes", g.classes().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(",")));
                values.put("Expires", g.expires().toString());
                values.put("Reason", g.reason());
            });
            case "AccessLog" -> log.entry(numbers.get(0)).ifPresent(e -> putEntry(values, e));
            case "DailyEnergy" -> dailyEnergy.flatMap(d -> d.finishedDays().stream()
                    .filter(t -> t.date().toEpochDay() == numbers.get(0)).findFirst()).ifPresent(t -> {
                        values.put("Date", t.date().toString());
                        values.put("Energy", Double.toString(t.kWh()));
                    });
            default -> { }
        }
        return values;
    }

    private static void putEntry(Map<String, String> values, AccessLogEntry e) {
        values.put("Time", e.time().toString());
        values.put("Controller", e.controller());
        values.put("Operation", e.operation());
        values.put("Path", e.paths());
        values.put("Decision", e.decision().word());
        values.put("PreviousHash", e.previousHash());
        values.put("Hash", e.hash());
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs, String controllerId, String commandKey) {
        try {
            return CompletableFuture.completedFuture(run(object, command, inputArgs, controllerId));
        } catch (DataModelException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Map<String, String> run(ObjectInstance object, CommandSchema command, Map<String, String> in,
            String controllerId) throws DataModelException {
        switch (command.name()) {
            case "VerifyAccessLog" -> {
                return Map.of("Result", log.verify().describe());
            }
            case "ExportAccessLog" -> {
                return Map.of("Log", log.exportJson());
            }
            case "Grant" -> {
                requireHousehold(controllerId, "grant");
                String controller = in.getOrDefault("Controller", "").strip();
                if (!knownController.test(controller)) {
                    throw new DataModelException(UspErrors.INVALID_COMMAND_ARGUMENTS,
                            UspReasons.noControllerWithEndpoint(controller));
                }
                long seconds;
                try {
                    seconds = Long.parseLong(in.getOrDefault("Duration", "").strip());
                } catch (NumberFormatException e) {
                    throw new DataModelException(UspErrors.INVALID_COMMAND_ARGUMENTS, UspReasons.DURATION_REQUIRED);
                }
                try {
                    Grant g = grants.grant(controller, in.getOrDefault("Target", ""), in.getOrDefault("Classes", ""),
                            seconds, in.getOrDefault("Reason", ""));
                    LOG.info("[usp {}] grant {} to {}: {} on {} until {}", controllerId, g.number(), g.controller(),
                            g.classes(), g.target(), g.expires());
                    return Map.of("Grant", Tr181Schema.PRIVACY + "Grant." + g.number() + ".");
                } catch (GrantException e) {
                    throw new DataModelException(UspErrors.INVALID_COMMAND_ARGUMENTS, e.getMessage());
                }
            }
            case "Revoke" -> {
                requireHousehold(controllerId, "revoke");
                long number = object.instanceNumbers().get(0);
                if (!grants.revoke(number)) {
                    throw new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                            UspReasons.objectDoesNotExist(object.path()));
                }
                LOG.info("[usp {}] grant {} revoked", controllerId, number);
                return Map.of();
            }
            default -> throw new DataModelException(UspErrors.COMMAND_FAILURE,
                    UspReasons.notImplemented(command.name()));
        }
    }

    private void requireHousehold(String controllerId, String what) throws DataModelException {
        if (!household.test(controllerId)) {
            throw new DataModelException(UspErrors.PERMISSION_DENIED, UspReasons.householdOnly(what));
        }
    }
}
