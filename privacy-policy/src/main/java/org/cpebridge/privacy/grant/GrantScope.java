package org.cpebridge.privacy.grant;

/**
 * Whether a grant's Target covers a concrete path. The USP agent supplies one that evaluates search expressions
 * against its live model; {@link #PLAIN} understands partial paths, exact paths and {@code *} instance wildcards.
 */
@FunctionalInterface
public interface GrantScope {
    boolean covers(String target, String path);

    /** Partial paths (ending in '.') cover what is below them; {@code *} stands for any one path segment. */
    GrantScope PLAIN = (target, path) -> {
        String[] t = target.split("\\.", -1);
        String[] p = path.split("\\.", -1);
        boolean partial = target.endsWith(".");
        int compare = partial ? t.length - 1 : t.length;
        if (partial ? p.length < compare : p.length != compare) {
            return false;
        }
        for (int i = 0; i < compare; i++) {
            if (!t[i].equals("*") && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    };
}
