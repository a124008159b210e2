package org.cpebridge.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link PackagedJarIT} in a JVM of its own with the README's router flags: a worker thread exhausts the heap
 * while the main thread waits, as the USP agent's worker did in issue 23. With {@code -XX:+ExitOnOutOfMemoryError}
 * the process ends; without it, it would live on with a dead worker.
 */
public final class OutOfMemoryProbe {

    private OutOfMemoryProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread worker = new Thread(() -> {
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[1 << 20]);
            }
        }, "bridge-worker-1");
        worker.start();
        worker.join();
        // Reached only when the JVM survives the worker's death.
        Thread.sleep(Long.MAX_VALUE);
    }
}
