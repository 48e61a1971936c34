/**
 * Durable run journals over JDBC: {@link dev.devora.orchestration.jdbc.JdbcRunStore}, in a SQLite file (the
 * embedded default) or PostgreSQL.
 *
 * <pre>{@code
 * JdbcRunStore store = JdbcRunStore.sqlite(Path.of("runs.db"));
 * }</pre>
 */
package dev.devora.orchestration.jdbc;
