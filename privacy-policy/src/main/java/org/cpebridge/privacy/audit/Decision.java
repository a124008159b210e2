package org.cpebridge.privacy.audit;

/** What a Controller got of what it asked for or was sent. */
public enum Decision {
    /** Everything it asked for (or the notification went out). */
    ALLOWED,
    /** Part of it: items it may not see were left out. */
    FILTERED,
    /** Nothing: refused, or everything asked for was hidden (or the notification was withheld). */
    DENIED;

    /** The word shown in {@code AccessLog.{i}.Decision}. */
    public String word() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
