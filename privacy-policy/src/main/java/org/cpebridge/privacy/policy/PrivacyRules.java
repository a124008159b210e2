package org.cpebridge.privacy.policy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;

/**
 * Which privacy classes of device data each ControllerTrust role (by Name) may reach, read from the household's
 * policy file (format {@value #FORMAT}) or {@link #SHIPPED}. Which <em>paths</em> a role reaches is the business of
 * its ControllerTrust Permission rows; these rules add what TR-181 has no column for: what the device data behind a
 * path reveals.
 *
 * <p>File format, one statement a line, {@code #} starts a comment:
 * <pre>
 * format 1
 * role Household all
 * role ISP-Operations INVENTORY,HEALTH
 * role Untrusted none
 * other-roles INVENTORY,HEALTH
 * energy-daily-totals off
 * </pre>
 * {@code all} also marks the role as the household's: its Controllers may grant and revoke, and nothing they do is
 * logged. {@code other-roles} applies to role rows the file does not name. {@code energy-daily-totals on} is the
 * household's opt-in to coarse daily energy totals for roles without ENERGY. Immutable.
 *
 * @param roles             role Name to its classes
 * @param householdRoles    role Names marked {@code all}
 * @param otherRoles        classes of roles the file does not name
 * @param energyDailyTotals whether the household opted in to coarse daily energy totals
 */
public record PrivacyRules(Map<String, Set<PrivacyClass>> roles, Set<String> householdRoles,
        Set<PrivacyClass> otherRoles, boolean energyDailyTotals) {
    /** The format this build reads. */
    public static final int FORMAT = 1;
    public static final String HOUSEHOLD = "Household";
    public static final String ISP_OPERATIONS = "ISP-Operations";
    public static final String UNTRUSTED = "Untrusted";

    /** What applies without a file: the three shipped roles. */
    public static final PrivacyRules SHIPPED = new PrivacyRules(
            Map.of(HOUSEHOLD, EnumSet.allOf(PrivacyClass.class),
                    ISP_OPERATIONS, EnumSet.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH),
                    UNTRUSTED, EnumSet.noneOf(PrivacyClass.class)),
            Set.of(HOUSEHOLD), EnumSet.of(PrivacyClass.INVENTORY, PrivacyClass.HEALTH), false);

    public PrivacyRules {
        Map<String, Set<PrivacyClass>> copy = new LinkedHashMap<>();
        roles.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        roles = Map.copyOf(copy);
        householdRoles = Set.copyOf(householdRoles);
        otherRoles = Set.copyOf(otherRoles);
    }

    /** The classes a role of this Name may reach. */
    public Set<PrivacyClass> classesOf(String roleName) {
        return roles.getOrDefault(roleName, otherRoles);
    }

    /**
     * Reads the policy file; a missing file gives {@link #SHIPPED}.
     *
     * @throws PolicyFileException naming the file and line of the first problem
     */
    public static PrivacyRules load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return SHIPPED;
        } catch (IOException e) {
            throw new PolicyFileException(file + ": cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses policy text.
     *
     * @param source names the text in error messages (the file path)
     * @throws PolicyFileException naming {@code source} and the line of the first problem
     */
    public static PrivacyRules parse(String source, String text) {
        Objects.requireNonNull(text, "text");
        Map<String, Set<PrivacyClass>> roles = new LinkedHashMap<>();
        Set<String> household = new java.util.HashSet<>();
        Set<PrivacyClass> other = null;
        Optional<Boolean> energy = Optional.empty();
        boolean formatSeen = false;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String statement = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (statement.isEmpty()) {
                continue;
            }
            String[] words = statement.split("\\s+");
            if (!formatSeen) {
                if (!words[0].equals("format") || words.length != 2) {
                    throw error(source, lineNumber, "the first statement must be 'format " + FORMAT + "'");
                }
                if (!words[1].equals(Integer.toString(FORMAT))) {
                    throw error(source, lineNumber, "format " + words[1] + " is not readable by this build, which "
                            + "reads format " + FORMAT);
                }
                formatSeen = true;
                continue;
            }
            switch (words[0]) {
                case "role" -> {
                    if (words.length != 3) {
                        throw error(source, lineNumber, "expected 'role <Name> <classes|all|none>'");
                    }
                    if (roles.containsKey(words[1])) {
                        throw error(source, lineNumber, "role " + words[1] + " is defined twice");
                    }
                    if (words[2].equals("all")) {
                        household.add(words[1]);
                    }
                    roles.put(words[1], classes(source, lineNumber, words[2]));
                }
                case "other-roles" -> {
                    if (words.length != 2 || other != null) {
                        throw error(source, lineNumber, "expected one 'other-roles <classes|none>'");
                    }
                    if (words[1].equals("all")) {
                        throw error(source, lineNumber, "other-roles cannot be 'all': only named roles are the "
                                + "household's");
                    }
                    other = classes(source, lineNumber, words[1]);
                }
                case "energy-daily-totals" -> {
                    if (words.length != 2 || !(words[1].equals("on") || words[1].equals("off"))
                            || energy.isPresent()) {
                        throw error(source, lineNumber, "expected one 'energy-daily-totals on|off'");
                    }
                    energy = Optional.of(words[1].equals("on"));
                }
                default -> throw error(source, lineNumber, "unknown statement '" + words[0] + "'");
            }
        }
        if (!formatSeen) {
            throw error(source, lines.size() + 1, "no 'format " + FORMAT + "' statement");
        }
        if (household.isEmpty()) {
            throw error(source, lines.size() + 1, "no role has 'all': the household would lose its own data");
        }
        return new PrivacyRules(roles, household, other == null ? EnumSet.noneOf(PrivacyClass.class) : other,
                energy.orElse(false));
    }

    private static Set<PrivacyClass> classes(String source, int line, String list) {
        if (list.equals("all")) {
            return EnumSet.allOf(PrivacyClass.class);
        }
        if (list.equals("none")) {
            return EnumSet.noneOf(PrivacyClass.class);
        }
        Set<PrivacyClass> result = EnumSet.noneOf(PrivacyClass.class);
        for (String item : list.split(",", -1)) {
            try {
                result.add(PrivacyClass.valueOf(item.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(source, line, "'" + item + "' is not a privacy class (one of "
                        + EnumSet.allOf(PrivacyClass.class) + ", or all, or none)");
            }
        }
        return result;
    }

    private static PolicyFileException error(String source, int line, String why) {
        return new PolicyFileException(source + " line " + line + ": " + why);
    }
}
