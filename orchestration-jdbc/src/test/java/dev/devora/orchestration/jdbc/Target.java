package dev.devora.orchestration.jdbc;

import javax.sql.DataSource;
import java.nio.file.Path;

/** One database the JDBC tests run against: a SQLite file in a temp folder, or tables of the embedded PostgreSQL. */
record Target(String kind, DataSource dataSource, String prefix) {
    static Target of(String kind, Path dir) {
        return switch (kind) {
            case "sqlite" -> new Target(kind, dev.devora.orchestration.jdbc.internal.SqliteFile.dataSource(
                    dir.resolve("runs.db")), "");
            case "postgresql" -> new Target(kind, EmbeddedPostgres.dataSource(), EmbeddedPostgres.freshPrefix());
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    JdbcRunStore open() {
        return builder().build();
    }

    JdbcRunStore.Builder builder() {
        return JdbcRunStore.builder(dataSource).tablePrefix(prefix);
    }

    void execute(String sql) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
