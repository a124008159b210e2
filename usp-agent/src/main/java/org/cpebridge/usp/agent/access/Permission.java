package org.cpebridge.usp.agent.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;

/**
 * One {@code ControllerTrust.Role.{i}.Permission.{i}} entry: its Order, Targets and the four rwxn strings. A target
 * ending in '.' covers that object and everything below it; any other target is one parameter, command or event.
 * Targets may use instance numbers and {@code *}; a target with a search expression covers what a
 * {@link TargetExpander} resolves it to.
 */
public record Permission(boolean enable, long order, List<String> targets, Rights param, Rights obj,
        Rights instantiatedObj, Rights commandEvent) {

    public Permission {
        targets = List.copyOf(targets);
        Objects.requireNonNull(param, "param");
        Objects.requireNonNull(obj, "obj");
        Objects.requireNonNull(instantiatedObj, "instantiatedObj");
        Objects.requireNonNull(commandEvent, "commandEvent");
        if (order < 0 || order > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Order is an unsignedInt: " + order);
        }
    }

    /** Builds a permission from TR-181 parameter values: comma-separated Targets and rwxn strings. */
    public static Permission of(long order, String targets, String param, String obj, String instantiatedObj,
            String commandEvent) {
        return new Permission(true, order, splitTargets(targets), Rights.parse(param), Rights.parse(obj),
                Rights.parse(instantiatedObj), Rights.parse(commandEvent));
    }

    /** The items of a Targets list value, stripped, empty items dropped. */
    public static List<String> splitTargets(String targets) {
        List<String> list = new ArrayList<>();
        int depth = 0;
        int start = 0;
        // A comma inside a search expression does not end the item; the end of the text always does.
        for (int i = 0; i <= targets.length(); i++) {
            char c = i < targets.length() ? targets.charAt(i) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && (depth == 0 || i == targets.length())) {
                String item = targets.substring(start, i).strip();
                if (!item.isEmpty()) {
                    list.add(item);
                }
                start = i + 1;
            }
        }
        return list;
    }

    /** The rights this permission gives for {@code kind}. */
    public Rights rights(TargetKind kind) {
        switch (kind) {
            case PARAMETER:
                return param;
            case OBJECT:
                return obj;
            case INSTANTIATED_OBJECT:
                return instantiatedObj;
            default:
                return commandEvent;
        }
    }

    /** True if a target holds a search expression, which only a {@link TargetExpander} can evaluate. */
    public boolean hasSearchTarget() {
        for (String target : targets) {
            if (target.indexOf('[') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** True if one of the targets covers {@code path}; search targets cover nothing. */
    public boolean covers(String path) {
        return covers(path, TargetExpander.NONE);
    }

    /** True if one of the targets covers {@code path}, search targets as {@code expander} resolves them. */
    public boolean covers(String path, TargetExpander expander) {
        return covers(tokens(path), expander);
    }

    /**
     * {@link #covers(String, TargetExpander)} of a path already split by {@link #tokens}: a role splits the path once
     * for all its permissions, and plain targets are split once and kept ({@link #targetTokens}), since this runs for
     * every item of every answer.
     */
    boolean covers(List<String> pathTokens, TargetExpander expander) {
        for (String target : targets) {
            if (target.indexOf('[') >= 0) {
                for (String concrete : expander.expand(target)) {
                    if (covers(tokens(concrete), concrete.endsWith("."), pathTokens)) {
                        return true;
                    }
                }
            } else if (covers(targetTokens(target), target.endsWith("."), pathTokens)) {
                return true;
            }
        }
        return false;
    }

    // Plain target -> its tokens. Targets are few (the built-in roles' and what Controllers add); a Controller adding
    // and removing permissions without end only refills it.
    private static final Map<String, List<String>> TARGET_TOKENS = new ConcurrentHashMap<>();
    private static final int MAX_KEPT_TARGETS = 1024;

    private static List<String> targetTokens(String target) {
        List<String> known = TARGET_TOKENS.get(target);
        if (known != null) {
            return known;
        }
        if (TARGET_TOKENS.size() >= MAX_KEPT_TARGETS) {
            TARGET_TOKENS.clear();
        }
        List<String> split = List.copyOf(tokens(target));
        TARGET_TOKENS.put(target, split);
        return split;
    }

    private static boolean covers(List<String> target, boolean partial, List<String> path) {
        if (partial ? path.size() < target.size() : path.size() != target.size()) {
            return false;
        }
        for (int i = 0; i < target.size(); i++) {
            String t = target.get(i);
            String p = path.get(i);
            if (t.startsWith("[")) {
                return false;
            }
            if (t.equals(p)) {
                continue;
            }
            boolean instanceLike = p.equals("{i}") || (!p.isEmpty() && Character.isDigit(p.charAt(0)));
            if ((t.equals("*") || t.equals("{i}")) && instanceLike) {
                continue;
            }
            return false;
        }
        return true;
    }

    /** Splits a path at the dots that are not inside a search expression; drops the empty tail after a final dot. */
    static List<String> tokens(String path) {
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '.' && depth == 0) {
                tokens.add(path.substring(start, i));
                start = i + 1;
            }
        }
        if (start < path.length()) {
            tokens.add(path.substring(start));
        }
        return tokens;
    }
}
