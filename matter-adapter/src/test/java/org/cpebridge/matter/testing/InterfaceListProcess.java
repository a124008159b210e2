package org.cpebridge.matter.testing;

import java.net.NetworkInterface;
import java.util.Collections;

/** Child-JVM main: prints each interface it can see with its addresses, one line each. */
public final class InterfaceListProcess {

    private InterfaceListProcess() {
    }

    public static void main(String[] args) throws Exception {
        for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            System.out.println(networkInterface.getName() + " "
                    + Collections.list(networkInterface.getInetAddresses()));
        }
    }
}
