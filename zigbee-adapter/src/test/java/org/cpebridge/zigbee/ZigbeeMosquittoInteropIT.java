package org.cpebridge.zigbee;

import org.cpebridge.zigbee.testing.MosquittoBroker;
import org.cpebridge.zigbee.testing.TestBroker;

/** The acceptance tests on Debian's mosquitto, a separate process; fails when mosquitto is not installed. */
class ZigbeeMosquittoInteropIT extends AdapterContract {

    @Override
    protected TestBroker newBroker() throws Exception {
        return new MosquittoBroker();
    }
}
