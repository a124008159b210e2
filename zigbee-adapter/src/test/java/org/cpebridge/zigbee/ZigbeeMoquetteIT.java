package org.cpebridge.zigbee;

import org.cpebridge.zigbee.testing.MoquetteBroker;
import org.cpebridge.zigbee.testing.TestBroker;

/** The acceptance tests on Moquette 0.17 embedded in the test JVM. */
class ZigbeeMoquetteIT extends AdapterContract {

    @Override
    protected TestBroker newBroker() throws Exception {
        return new MoquetteBroker();
    }
}
