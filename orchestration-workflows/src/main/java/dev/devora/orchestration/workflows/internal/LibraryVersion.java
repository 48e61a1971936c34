package dev.devora.orchestration.workflows.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library's version, read once from the build-filtered {@code version.properties} beside the workflows'
 * resources; {@code "unknown"} when the file is missing, unreadable or was not filtered.
 *
 * <pre>{@code
 * String v = LibraryVersion.get();   // e.g. "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class LibraryVersion {
    /** What {@link #get()} returns when the version is not known. */
    public static final String UNKNOWN = "unknown";
    static final String RESOURCE = "/dev/devora/orchestration/workflows/version.properties";
    private static final String VERSION = read(RESOURCE);

    private LibraryVersion() {
    }

    /** {@return the library's version, or {@value #UNKNOWN}} */
    public static String get() {
        return VERSION;
    }

    /** The {@code version} property of the resource {@code name}; {@value #UNKNOWN} when absent or unfiltered. */
    static String read(String name) {
        try (InputStream in = LibraryVersion.class.getResourceAsStream(name)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
        } catch (IOException | IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
