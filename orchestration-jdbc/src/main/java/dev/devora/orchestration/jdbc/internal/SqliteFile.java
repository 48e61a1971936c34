package dev.devora.orchestration.jdbc.internal;

import dev.devora.orchestration.journal.RunStoreException;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * A {@link DataSource} over one SQLite file, through {@link DriverManager} (so the driver, an optional dependency,
 * is needed only when used). The store sets the pragmas on each connection it opens ({@link Dialect#SQLITE}).
 */
public final class SqliteFile implements DataSource {
    private final String url;
    private final Path file;

    private SqliteFile(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file;
    }

    /**
     * A data source over a file, creating its folder if missing.
     *
     * @param file the database file
     * @return the data source
     * @throws IllegalStateException if the SQLite driver is not on the class path
     * @throws RunStoreException     if the folder cannot be created
     */
    public static DataSource dataSource(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Class.forName("org.sqlite.JDBC");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("JdbcRunStore.sqlite needs the SQLite driver: add the dependency"
                    + " org.xerial:sqlite-jdbc", e);
        }
        try {
            if (absolute.getParent() != null) Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new RunStoreException("SQLite file " + absolute + ": its folder cannot be created: " + e, e);
        }
        return new SqliteFile(absolute);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // a file has no login
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) return iface.cast(this);
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "SqliteFile[" + file + "]";
    }
}
