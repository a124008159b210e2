package org.cpebridge.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SUBACK codes as granted/refused per filter: below 0x80 is granted (MQTT 5 §3.9.3, 3.1.1 §3.9.3). */
final class Grants {

    private Grants() {
    }

    /** A missing or short code list counts as granted (a SUBACK always carries one code per filter). */
    static List<Boolean> of(int filters, int[] codes) {
        List<Boolean> granted = new ArrayList<>(filters);
        for (int i = 0; i < filters; i++) {
            granted.add(codes == null || i >= codes.length || codes[i] < 0x80);
        }
        return List.copyOf(granted);
    }

    static List<Boolean> none(int filters) {
        return Collections.nCopies(filters, Boolean.FALSE);
    }
}
