package dev.devora.orchestration.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Watches the heap while a measured operation runs, two ways:
 * <ul>
 *   <li><b>peak used</b>: a daemon platform thread samples {@link MemoryMXBean#getHeapMemoryUsage()} every
 *       millisecond; the maximum of "used" (live objects plus garbage not yet collected) is the heap the operation
 *       needed with this collector and heap size. It can miss a spike shorter than 1 ms.</li>
 *   <li><b>peak after GC</b>: for every collection that ends while watching, the heap used right after it (from the
 *       collector's notification); the maximum approximates the peak live set. 0 when no collection ran.</li>
 * </ul>
 * Not thread-safe: one watch at a time.
 */
final class HeapWatch implements NotificationListener, AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final Thread sampler;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakAfterGc;
    private volatile int collections;

    private HeapWatch() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(this, null, null);
                emitters.add(e);
            }
        }
        sampler = new Thread(this::sample, "heap-watch");
        sampler.setDaemon(true);
        peakUsed = MEMORY.getHeapMemoryUsage().getUsed();
        sampler.start();
    }

    static HeapWatch start() {
        return new HeapWatch();
    }

    private void sample() {
        while (running) {
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (used > peakUsed) peakUsed = used;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(e.getKey())) after += e.getValue().getUsed();
        }
        synchronized (this) {
            collections++;
            if (after > peakAfterGc) peakAfterGc = after;
        }
    }

    private static boolean isHeapPool(String pool) {
        return !(pool.contains("Metaspace") || pool.contains("CodeHeap") || pool.contains("Code Cache")
                || pool.contains("Compressed Class"));
    }

    /** Stops watching (takes a last sample first). */
    @Override
    public void close() {
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        if (used > peakUsed) peakUsed = used;
        running = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    long peakUsed() {
        return peakUsed;
    }

    /** Max heap used right after a collection during the watch; GC notifications arrive asynchronously. */
    long peakAfterGc() {
        return peakAfterGc;
    }

    int collections() {
        return collections;
    }
}
