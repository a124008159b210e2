package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.cpebridge.usp.message.Answer;
import org.cpebridge.usp.message.ResponseBudget;
import org.cpebridge.usp.record.Payload;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent's side of a Get of {@code Device.ProxiedDevice.} costs in-process, from the decoded request to the
 * encoded answer (resolve, permission checks, providers, the answer written as the walk goes and copied out of its
 * writer once, {@link Answer#payload()}; with {@code -Dgetcost.protobufEncode=true} parsed back into protobuf and
 * encoded by protobuf, a comparison only; no MTP, no Record): 200
 * DECT plugs (the footprint benchmark's devices), then the mixed 200-device model of {@link GetAnswerGoldenTest}, as
 * the household's and as an ISP-Operations Controller (no grants), alternately. Logs medians; asserts only that
 * every answer holds every device. A benchmark, not part of the test run (the name matches neither *Test nor *IT):
 * {@code bench/usp-get-cost.sh} runs it with the router's JIT and heap flags, and with JFR when asked.
 */
class GetCostBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(GetCostBenchmark.class);
    private static final int DEVICES = 200;
    private static final int WARM_UP = Integer.getInteger("getcost.warmup", 100);
    private static final int MEASURED = Integer.getInteger("getcost.count", 100);
    private static final int ROUNDS = Integer.getInteger("getcost.rounds", 3);
    // The ISP's answers wait for the access log's durable write (an fdatasync each): off for a profile of the Get.
    // The answer parsed and encoded by protobuf's toByteArray() instead of copied out of the agent's writer.
    private static final boolean PROTOBUF_ENCODE = Boolean.getBoolean("getcost.protobufEncode");
    private static final boolean ISP_TOO = !Boolean.getBoolean("getcost.householdOnly");

    @TempDir
    Path dir;

    @Test
    void getOf200Devices() throws Exception {
        try (ProxiedDevicesFixture plugs = new ProxiedDevicesFixture(dir.resolve("plugs"), DEVICES, true, false);
                ProxiedDevicesFixture mixed = new ProxiedDevicesFixture(dir.resolve("mixed"), DEVICES, false, false)) {
            for (int round = 1; round <= ROUNDS; round++) {
                measure("200 DECT plugs, household, round " + round, plugs, ProxiedDevicesFixture.HOUSEHOLD);
                if (ISP_TOO) {
                    measure("200 DECT plugs, ISP-Operations, round " + round, plugs, ProxiedDevicesFixture.ISP);
                }
                measure("200 mixed devices, household, round " + round, mixed, ProxiedDevicesFixture.HOUSEHOLD);
            }
        }
    }

    private static byte[] encode(Answer reply) {
        if (PROTOBUF_ENCODE) {
            return reply.message().toByteArray();
        }
        Payload payload = reply.payload();
        byte[] out = new byte[payload.size()];
        payload.writeTo(out, 0);
        return out;
    }

    private static void measure(String label, ProxiedDevicesFixture fixture, String controller) throws Exception {
        List<Long> nanos = new ArrayList<>();
        List<Long> cpuNanos = new ArrayList<>();
        List<Long> encodeNanos = new ArrayList<>();
        // This thread's CPU time besides the wall time: on a machine shared with other builds the wall time is the
        // load's as much as the Get's (the collector's time, on the VM thread, is in neither).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // And what it allocates: the load does not move it, and it is what decides how often the young generation
        // is collected (and how much of an answer in flight a collection promotes).
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        List<Long> allocated = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long allocatedStart = allocation.getThreadAllocatedBytes(Thread.currentThread().getId());
            Answer reply = fixture.answer(controller, 0, ResponseBudget.unlimited(), "Device.ProxiedDevice.");
            long encodeStart = System.nanoTime();
            bytes = encode(reply).length;
            long encodeTook = System.nanoTime() - encodeStart;
            long took = System.nanoTime() - start;
            long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
            long allocatedTook = allocation.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocatedStart;
            if (i == 0) {
                assertEquals(DEVICES, Msgs.resolved(reply.message()).keySet().stream()
                        .filter(p -> p.matches("Device\\.ProxiedDevice\\.\\d+\\.")).count(), label);
            }
            if (i >= WARM_UP) {
                nanos.add(took);
                cpuNanos.add(cpuTook);
                allocated.add(allocatedTook);
                encodeNanos.add(encodeTook);
            }
        }
        Collections.sort(nanos);
        Collections.sort(encodeNanos);
        Collections.sort(cpuNanos);
        Collections.sort(allocated);
        LOG.info("Get Device.ProxiedDevice., {}: median {} ms, p90 {} ms, CPU median {} ms, allocated median {} kB,"
                + " encoding the answer median {} ms ({} bytes, n={})", label, String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() / 2) / 1e6),
                String.format(Locale.ROOT, "%.2f", nanos.get(nanos.size() * 9 / 10) / 1e6),
                String.format(Locale.ROOT, "%.2f", cpuNanos.get(cpuNanos.size() / 2) / 1e6),
                allocated.get(allocated.size() / 2) / 1000,
                String.format(Locale.ROOT, "%.2f", encodeNanos.get(encodeNanos.size() / 2) / 1e6), bytes, MEASURED);
    }
}
