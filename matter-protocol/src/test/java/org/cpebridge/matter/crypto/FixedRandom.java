package org.cpebridge.matter.crypto;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** Test randomness: hands out queued values in order, each exactly once; fails loudly when a draw is unplanned. */
public final class FixedRandom implements CryptoRandom {

    private final Deque<byte[]> queue = new ArrayDeque<>();

    /** Queues each hex string as one draw. */
    public static FixedRandom ofHex(String... hexValues) {
        FixedRandom random = new FixedRandom();
        for (String hex : hexValues) {
            random.queue.add(HexFormat.of().parseHex(hex));
        }
        return random;
    }

    @Override
    public void nextBytes(byte[] out) {
        byte[] next = queue.poll();
        if (next == null) {
            throw new IllegalStateException("no more fixed random values queued");
        }
        if (next.length != out.length) {
            throw new IllegalStateException("queued " + next.length + " bytes, asked for " + out.length);
        }
        System.arraycopy(next, 0, out, 0, out.length);
    }

    /** Number of queued draws not yet used. */
    public int remaining() {
        return queue.size();
    }
}
