package org.cpebridge.matter.node;

import static org.cpebridge.matter.node.UdpCommissioner.errorCode;
import static org.cpebridge.matter.node.UdpCommissioner.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.tlv.TlvElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IM warm-up the face runs once the service is READY runs the commissioner's first requests through the real IM server and is
 * answered with data (a warm-up answered with errors would warm only the error paths), and it leaves nothing behind
 * that a commissioner would meet: the window is open, no PASE session or fail-safe is held.
 */
class InteractionWarmUpIT {

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void theWarmUpIsAnsweredWithDataAndLeavesTheNodeAsItWas() throws Exception {
        MatterFace face = faces.start(new FileDurableStore(dataDir), "matter.passcode=20202021",
                "matter.discriminator=3840");
        face.onReady(); // as the service does once every component has started
        assertTrue(face.interactionWarmUp().get(30, TimeUnit.SECONDS), "every warm-up request answered with data");

        try (UdpCommissioner commissioner = new UdpCommissioner(LoopbackFace.address(face, "::1"))) {
            assertEquals(0, commissioner.pase(20202021L).generalCode().code(), "the window is open, nobody holds it");
            TlvElement.Structure armed = commissioner.invoke(GeneralCommissioning.ID,
                    GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 60), uint(1, 1));
            assertEquals(0, errorCode(armed), "no fail-safe is held by anybody else");
            TlvElement.Structure chain = commissioner.invoke(OperationalCredentials.ID,
                    OperationalCredentials.CERTIFICATE_CHAIN_REQUEST, uint(0, 1));
            assertTrue(chain.member(0).orElseThrow() instanceof TlvElement.Octets, chain.toString());
        }
    }
}
