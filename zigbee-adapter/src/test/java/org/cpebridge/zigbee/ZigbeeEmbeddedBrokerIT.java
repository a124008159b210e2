package org.cpebridge.zigbee;

import org.cpebridge.zigbee.testing.ProjectBroker;
import org.cpebridge.zigbee.testing.TestBroker;

/** The acceptance tests on the project's own embedded broker (MQTT 5), which the bridge's default run uses. */
class ZigbeeEmbeddedBrokerIT extends AdapterContract {

    @Override
    protected TestBroker newBroker() throws Exception {
        return new ProjectBroker();
    }
}
