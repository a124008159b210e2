package org.cpebridge.usp.agent.notify;

/**
 * Whether a path falls under a subscription's ReferenceList entry (TR-369 "Notifications and Subscriptions"): a
 * Partial Path (ending in a dot) covers everything below it, a Parameter Path only itself, and a {@code *} stands for
 * any instance number. A search expression matches nothing here: the {@link Notifier} first expands such an entry
 * against the live model (instance numbers in place of the expression) and matches what it yields.
 */
public final class ReferenceMatcher {
    private ReferenceMatcher() {
    }

    public static boolean matches(String reference, String path) {
        if (reference.contains("[") || reference.contains("{")) {
            return false;
        }
        boolean partial = reference.endsWith(".");
        String[] ref = split(reference);
        String[] actual = split(path);
        if (partial ? actual.length < ref.length : actual.length != ref.length) {
            return false;
        }
        for (int i = 0; i < ref.length; i++) {
            boolean wildcard = ref[i].equals("*") && !actual[i].isEmpty()
                    && actual[i].chars().allMatch(Character::isDigit);
            if (!wildcard && !ref[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] split(String path) {
        String trimmed = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("\\.", -1);
    }
}
