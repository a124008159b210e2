package org.cpebridge.usp.agent.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
        for (String target : targets) {
            if (target.indexOf('[') >= 0) {
                for (String concrete : expander.expand(target)) {
                    if (covers(concrete, path)) {
                        return true;
                    }
                }
            } else if (covers(target, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code target} covers {@code path}, comparing their {@link #tokens} in place: this runs for every
     * permission of a Controller's roles on every item of every answer (an ISP-Operations Get of 200 devices makes
     * about 40,000 such comparisons), and splitting the path into a list of strings for each one was most of what
     * the roles cost there (issue 17, docs/privacy-policy.md "Measured"). A target ending in '.' covers the object
     * and everything below it, any other exactly one path; {@code *} and {@code {i}} match an instance number (or
     * {@code {i}}); a search expression left in a target matches nothing.
     */
    static boolean covers(String target, String path) {
        int targetLength = target.length();
        int pathLength = path.length();
        int t = 0;
        int p = 0;
        while (t < targetLength) {
            if (p >= pathLength) {
                return false; // the path has fewer tokens than the target
            }
            int targetEnd = tokenEnd(target, t);
            int tokenLength = targetEnd - t;
            if (tokenLength > 0 && target.charAt(t) == '[') {
                return false;
            }
            boolean wildcard = (tokenLength == 1 && target.charAt(t) == '*')
                    || (tokenLength == 3 && target.startsWith("{i}", t));
            int pathEnd;
            if (path.regionMatches(p, target, t, tokenLength)
                    && (p + tokenLength == pathLength || path.charAt(p + tokenLength) == '.')) {
                // The same token; a literal token holds no search expression, so the path's token ends here too.
                pathEnd = p + tokenLength;
            } else if (wildcard) {
                pathEnd = tokenEnd(path, p);
                boolean instanceLike = (pathEnd - p == 3 && path.startsWith("{i}", p))
                        || (pathEnd > p && Character.isDigit(path.charAt(p)));
                if (!instanceLike) {
                    return false;
                }
            } else {
                return false;
            }
            t = targetEnd + 1;
            p = pathEnd + 1;
        }
        return target.endsWith(".") || p >= pathLength;
    }

    /** Where the token starting at {@code start} ends: the next dot outside a search expression, or the end. */
    private static int tokenEnd(String path, int start) {
        int depth = 0;
        for (int i = start; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '.' && depth == 0) {
                return i;
            }
        }
        return path.length();
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
