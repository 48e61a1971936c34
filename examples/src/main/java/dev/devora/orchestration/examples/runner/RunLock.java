package dev.devora.orchestration.examples.runner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which process is running a stored run: while the runner runs it, it holds an operating-system lock on one byte
 * of {@code <store>.lock} beside the store ({@code runs.db.lock}), at a position derived from the run's id (a 63-bit
 * hash: two runs sharing one is as likely as a hash collision), and the system releases it when the process ends,
 * however it ends ({@code kill -9} included). So a run the store still has as {@code RUNNING} is known to be
 * running while its lock is held and to be interrupted when it is not, and a second process cannot resume a run
 * that is still running (both would append to one journal). One file serves every run of the store.
 *
 * <pre>{@code
 * try (RunLock lock = RunLock.acquire(storeFile, runId)) {   // UsageException when another process holds it
 *     // run or resume
 * }
 * RunLock.State state = RunLock.probe(storeFile, runId);    // HELD, FREE or UNKNOWN
 * }</pre>
 */
final class RunLock implements AutoCloseable {

    /** What a probe found. */
    enum State {
        /** a process holds the lock: the run is running */
        HELD,
        /** no process holds it: the process that ran the run has ended */
        FREE,
        /** no lock file, or it cannot be read */
        UNKNOWN
    }

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a store. */
    static Path file(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".lock");
    }

    /**
     * Takes the run's lock.
     *
     * @throws UsageException when another process (or another run in this one) holds it, or it cannot be taken
     */
    static RunLock acquire(Path storeFile, String runId) {
        Path file = file(storeFile);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = tryLock(channel, runId);
            if (lock == null) {
                channel.close();
                throw new UsageException("run " + runId + " is running in another process (it holds its lock in " + file
                        + "): wait for it to end, or stop it (Ctrl-C), then resume it");
            }
            return new RunLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UsageException("cannot take the lock of run " + runId + " in " + file + ": " + OutputFolder.reason(e));
        }
    }

    /** Whether a process holds the run's lock. */
    static State probe(Path storeFile, String runId) {
        Path file = file(storeFile);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return State.UNKNOWN;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = tryLock(channel, runId);
            if (lock == null) return State.HELD;
            lock.release();
            return State.FREE;
        } catch (IOException e) {
            return State.UNKNOWN;
        }
    }

    /** The byte a run locks: a 63-bit hash of its id (FNV-1a), so that position + 1 stays positive. */
    static long position(String runId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < runId.length(); i++) {
            h ^= runId.charAt(i);
            h *= 0x100000001b3L;
        }
        return (h >>> 1) % (Long.MAX_VALUE - 1);
    }

    /** The lock, or null when it is held elsewhere (another process, or another channel of this JVM). */
    private static FileLock tryLock(FileChannel channel, String runId) throws IOException {
        try {
            return channel.tryLock(position(runId), 1, false);
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** Releases the lock; the file stays (removing it could race with a process about to lock it, and other runs use it). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
