package org.cpebridge.matter.dnssd;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.cpebridge.matter.dnssd.internal.MdnsResponder;

/**
 * Child-JVM main that runs our mDNS responder inside a test network namespace and takes commands on stdin, one
 * per line, answering each with one line on stdout:
 * <pre>
 *   commissionable &lt;instance&gt; &lt;discriminator&gt; &lt;vid&gt; &lt;pid&gt; &lt;mode&gt;  → OK commissionable (once answered)
 *   withdraw-commissionable                                  → OK withdraw-commissionable
 *   operational &lt;cfid hex&gt; &lt;node hex&gt;                       → OK operational
 *   withdraw-operational &lt;cfid hex&gt; &lt;node hex&gt;              → OK withdraw-operational
 *   exit                                                     → (closes, exits 0)
 * </pre>
 * Args: interface, host label. Prints {@code READY <addresses>} once mDNS runs, {@code ERROR ...} on failure.
 */
public final class AdvertiserProcess {

    private static final int PORT = 5540;

    private AdvertiserProcess() {
    }

    /** The advertiser returns at once; OK means the service is answered (probing over, announced). */
    private static void awaitAnswered(MdnsResponder advertiser, String qualifiedName) throws InterruptedException {
        if (!advertiser.awaitAnswered(qualifiedName, java.time.Duration.ofSeconds(20))) {
            throw new IllegalStateException(qualifiedName + " not answered within 20 s");
        }
    }

    public static void main(String[] args) throws Exception {
        try (MdnsResponder advertiser = MdnsResponder.start(args[0], args[1], new java.util.SplittableRandom())) {
            System.out.println("READY " + advertiser.addresses().addresses());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.strip().split("\\s+");
                try {
                    switch (words[0]) {
                        case "commissionable" -> {
                            advertiser.advertise(CommissionableService.of(words[1], PORT,
                                    Integer.parseInt(words[2]), Integer.parseInt(words[3]),
                                    Integer.parseInt(words[4]), CommissioningMode.valueOf(words[5]))
                                    .withDeviceName("cpe-bridge test"));
                            awaitAnswered(advertiser, words[1] + "._matterc._udp.local.");
                        }
                        case "withdraw-commissionable" -> advertiser.withdrawCommissionable();
                        case "operational" -> {
                            advertiser.advertise(new OperationalService(Long.parseUnsignedLong(words[1], 16),
                                    Long.parseUnsignedLong(words[2], 16), PORT, MrpParameters.DEFAULTS));
                            awaitAnswered(advertiser, words[1].toUpperCase() + "-" + words[2].toUpperCase()
                                    + "._matter._tcp.local.");
                        }
                        case "withdraw-operational" -> advertiser.withdrawOperational(
                                Long.parseUnsignedLong(words[1], 16), Long.parseUnsignedLong(words[2], 16));
                        case "exit" -> {
                            return;
                        }
                        default -> throw new IllegalArgumentException("unknown command " + words[0]);
                    }
                    System.out.println("OK " + words[0]);
                } catch (Exception e) {
                    System.out.println("ERROR " + words[0] + " " + e);
                }
            }
        }
    }
}
