package org.cpebridge.console;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.cpebridge.core.model.PrivacyClass;

/** What a USP Controller's privacy classes mean, in the household's words. Stateless. */
final class PlainWords {

    private PlainWords() {
    }

    /** The words for one class, as a list item ("which devices you have"). */
    static String of(PrivacyClass privacy) {
        return switch (privacy) {
            case IDENTITY -> "vendor, model and serial numbers";
            case INVENTORY -> "which devices you have";
            case HEALTH -> "whether they work, battery levels";
            case STATE -> "readings and whether things are on";
            case ACTIVITY -> "when they are used";
            case ENERGY -> "energy use";
            case CONTROL -> "control them";
        };
    }

    /**
     * One paragraph: what the Controller can see, what it cannot, and whether it can control the devices, e.g.
     * "It can see: which devices you have, whether they work, battery levels. It cannot see: ... It cannot control
     * them."
     */
    static String describe(Set<PrivacyClass> reach) {
        List<String> can = new ArrayList<>();
        List<String> cannot = new ArrayList<>();
        for (PrivacyClass privacy : EnumSet.complementOf(EnumSet.of(PrivacyClass.CONTROL))) {
            (reach.contains(privacy) ? can : cannot).add(of(privacy));
        }
        StringBuilder text = new StringBuilder();
        text.append(can.isEmpty() ? "It can see nothing of your devices." : "It can see: " + String.join(", ", can)
                + ".");
        if (!cannot.isEmpty()) {
            text.append(" It cannot see: ").append(String.join(", ", cannot)).append('.');
        }
        text.append(reach.contains(PrivacyClass.CONTROL) ? " It can control them." : " It cannot control them.");
        return text.toString();
    }
}
