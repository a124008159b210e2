package org.cpebridge.privacy.policy;

/**
 * What a Controller may do with one target: read, write, execute, notify, written as the USP permission string
 * {@code rwxn} (TR-181 {@code ControllerTrust.Role.{i}.Permission.{i}.Param} and its siblings).
 */
public record Rights(boolean read, boolean write, boolean execute, boolean notification) {
    public static final Rights ALL = new Rights(true, true, true, true);
    public static final Rights NONE = new Rights(false, false, false, false);

    /**
     * Parses a TR-181 permission string of exactly four characters, each its letter or '-' ({@code "r-xn"},
     * {@code "----"}).
     *
     * @throws IllegalArgumentException for any other string
     */
    public static Rights parse(String rwxn) {
        if (rwxn == null || rwxn.length() != 4) {
            throw new IllegalArgumentException("permission strings have 4 characters: " + rwxn);
        }
        return new Rights(bit(rwxn, 0, 'r'), bit(rwxn, 1, 'w'), bit(rwxn, 2, 'x'), bit(rwxn, 3, 'n'));
    }

    private static boolean bit(String s, int index, char letter) {
        char c = s.charAt(index);
        if (c == letter) {
            return true;
        }
        if (c == '-') {
            return false;
        }
        throw new IllegalArgumentException("position " + index + " of '" + s + "' must be '" + letter + "' or '-'");
    }

    /** The rights both allow (how the role-based and the privacy policy combine). */
    public Rights and(Rights other) {
        return new Rights(read && other.read, write && other.write, execute && other.execute,
                notification && other.notification);
    }

    /** The union of both rights (how rights of several roles combine). */
    public Rights or(Rights other) {
        return new Rights(read || other.read, write || other.write, execute || other.execute,
                notification || other.notification);
    }

    @Override
    public String toString() {
        return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-") + (notification ? "n" : "-");
    }
}
