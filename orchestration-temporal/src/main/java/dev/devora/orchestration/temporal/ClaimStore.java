package dev.devora.orchestration.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where payloads too large for Temporal's history are kept ({@link ClaimChecks}): the history holds the key, every
 * worker and client of the namespace reads the bytes back by it. Keys are the bytes' SHA-256, so storing the same
 * payload twice (an activity retried, a replay) stores it once.
 *
 * <pre>{@code
 * ClaimStore store = ClaimStore.directory(Path.of("/mnt/shared/devora-claims")); // a volume every worker mounts
 * ClaimStore shared = ClaimStore.jdbc(dataSource);                                // or a database they all reach
 * }</pre>
 */
public interface ClaimStore {
    /**
     * Keeps the bytes.
     *
     * @param bytes the payload
     * @return its key
     */
    String put(byte[] bytes);

    /**
     * The bytes of a key.
     *
     * @param key a key {@link #put} gave
     * @return the bytes
     * @throws IllegalStateException when the store has no such key (a worker on another store)
     */
    byte[] get(String key);

    /** {@return a store in this JVM's memory: for tests, and for a single process that is worker and client} */
    static ClaimStore inMemory() {
        Map<String, byte[]> kept = new ConcurrentHashMap<>();
        return new ClaimStore() {
            @Override
            public String put(byte[] bytes) {
                String key = ClaimStore.keyOf(bytes);
                kept.putIfAbsent(key, bytes.clone());
                return key;
            }

            @Override
            public byte[] get(String key) {
                byte[] bytes = kept.get(key);
                if (bytes == null) throw new IllegalStateException("no claimed payload " + key + " in this JVM's store");
                return bytes.clone();
            }

            @Override
            public String toString() {
                return "ClaimStore.inMemory[" + kept.size() + " payloads]";
            }
        };
    }

    /**
     * A store in a directory, one file per payload named by its key, written atomically: a volume every worker and
     * client mounts.
     *
     * @param directory the directory (created when missing)
     * @return the store
     */
    static ClaimStore directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new ClaimStore() {
            @Override
            public String put(byte[] bytes) {
                String key = ClaimStore.keyOf(bytes);
                Path file = directory.resolve(key);
                try {
                    if (Files.exists(file)) return key;
                    Files.createDirectories(directory);
                    Path tmp = Files.createTempFile(directory, key, ".tmp");
                    Files.write(tmp, bytes);
                    try {
                        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return key;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot keep a claimed payload in " + directory + ": " + e, e);
                }
            }

            @Override
            public byte[] get(String key) {
                if (!key.matches("[0-9a-f]{64}")) throw new IllegalStateException("not a claim key: " + key);
                try {
                    return Files.readAllBytes(directory.resolve(key));
                } catch (NoSuchFileException e) {
                    throw new IllegalStateException("no claimed payload " + key + " in " + directory + ": every worker"
                            + " and client must use the same store", e);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read claimed payload " + key + " in " + directory, e);
                }
            }

            @Override
            public String toString() {
                return "ClaimStore.directory[" + directory + "]";
            }
        };
    }

    /**
     * A store in a database every worker and client reaches (PostgreSQL, SQLite, or any JDBC database with
     * {@code CREATE TABLE IF NOT EXISTS}): one row per payload in {@code devora_claims}, created when missing. The
     * application brings the driver and the pool; the store borrows a connection per call and gives it back.
     *
     * <pre>{@code
     * ClaimStore store = ClaimStore.jdbc(dataSource); // the service's PostgreSQL, say
     * }</pre>
     *
     * @param dataSource where the table is
     * @return the store
     */
    static ClaimStore jdbc(javax.sql.DataSource dataSource) {
        return new dev.devora.orchestration.temporal.internal.JdbcClaimStore(dataSource);
    }

    /**
     * The key of some bytes: their SHA-256 in hex.
     *
     * @param bytes the bytes
     * @return the key
     */
    static String keyOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
