package org.cpebridge.privacy.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.cpebridge.core.store.FileDurableStore;

/**
 * The child JVM of {@link AccessLogKillIT}: four threads append to the access log as fast as the store lets them
 * (so their entries share batches) and, for each entry once its append returned (durable: the moment the agent
 * would send the answer), print {@code acked <sequence> <paths>}. Runs until killed. A third argument
 * {@code journal} makes the log {@link AccessLog#journaled}.
 */
public final class AccessLogAppenderProcess {
    private AccessLogAppenderProcess() {
    }

    public static void main(String[] args) throws Exception {
        boolean journaled = args.length > 2 && args[2].equals("journal");
        AccessLog log = journaled
                ? AccessLog.journaled(new FileDurableStore(Path.of(args[0])), Clock.systemUTC(), 16, 64)
                : new AccessLog(new FileDurableStore(Path.of(args[0])), Clock.systemUTC(), 16, 64);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        String round = args[1];
        out.println("started");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String thread = round + "-" + t;
            Thread appender = new Thread(() -> {
                for (long n = 0; ; n++) {
                    String paths = "Device.ProxiedDevice." + thread + "." + n + ".";
                    AccessLogEntry entry = log.append(new AccessLog.Event("proto::isp", "Get", paths,
                            Decision.DENIED));
                    synchronized (out) {
                        out.println("acked " + entry.sequence() + " " + paths);
                    }
                }
            });
            appender.start();
            threads.add(appender);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
