package dev.devora.orchestration.examples.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where one run writes its files: its own folder {@code <out>/<run-id>/}, made before the run starts so that an
 * {@code --out} that is a file, cannot be created or is not writable is found before any model call. Once the
 * run's files are written, {@code <out>/latest.txt} names the newest run's folder. Nothing is ever deleted, and
 * a run never lands beside an earlier run's files.
 *
 * <pre>{@code
 * String runId = OutputFolder.newRunId();                      // given to the engine (RunOptions.runId)
 * OutputFolder folder = OutputFolder.create(Path.of("devora-output/api-development"), runId);   // UsageException when unusable
 * folder.write("report.json", json);                            // into devora-output/api-development/<run-id>/
 * folder.markLatest();
 * }</pre>
 */
final class OutputFolder {
    /** The file in {@code --out} that names the newest run's folder. */
    static final String LATEST = "latest.txt";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path parent;
    private final String runId;

    private OutputFolder(Path parent, String runId) {
        this.parent = parent;
        this.runId = runId;
    }

    /** A fresh run id, {@code 20261201-205100-3fa9c2}: the UTC time, then random hex, so run folders sort by start. */
    static String newRunId() {
        return STAMP.format(Instant.now()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /**
     * Checks {@code out} (creating it when missing) and makes the run's folder {@code <out>/<runId>} in it.
     *
     * @throws UsageException naming {@code --out} and what is wrong with it
     */
    static OutputFolder create(Path out, String runId) {
        Path dir = usableParent(out);
        try {
            Files.createDirectory(dir.resolve(runId));
            return new OutputFolder(dir, runId);
        } catch (FileAlreadyExistsException taken) {
            throw new UsageException("--out " + dir + " already has a folder " + runId + " (run again for a new run id)");
        } catch (IOException e) {
            throw new UsageException("--out " + dir + " is not writable: " + reason(e));
        }
    }

    /**
     * The folder of a stored run being resumed, {@code <out>/<runId>}: the one its first process made (its files
     * are replaced by the resumed run's), or made now when it is missing.
     *
     * @throws UsageException naming {@code --out} and what is wrong with it
     */
    static OutputFolder reopen(Path out, String runId) {
        Path dir = usableParent(out);
        Path own = dir.resolve(runId);
        if (Files.isSymbolicLink(own) || (Files.exists(own) && !Files.isDirectory(own))) {
            throw new UsageException("--out " + dir + " cannot be used: " + own + " is not the run's folder (it is a "
                    + (Files.isSymbolicLink(own) ? "symbolic link" : "file") + ")");
        }
        try {
            if (!Files.exists(own)) Files.createDirectory(own);
            return new OutputFolder(dir, runId);
        } catch (IOException e) {
            throw new UsageException("--out " + dir + " is not writable: " + reason(e));
        }
    }

    /**
     * Checks {@code out} as {@link #create} does (creating it when missing), without making a run's folder: done
     * before anything is written into it, e.g. the run store.
     *
     * @throws UsageException naming {@code --out} and what is wrong with it
     */
    static void check(Path out) {
        usableParent(out);
    }

    /** {@code out}, absolute, created when missing, with a usable {@code latest.txt}. */
    private static Path usableParent(Path out) {
        Path dir = out.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageException("--out " + dir + " is a file, not a folder");
        if (!Files.exists(dir)) {
            if (Files.isSymbolicLink(dir)) {
                String target;
                try {
                    target = Files.readSymbolicLink(dir).toString();
                } catch (IOException e) {
                    target = "?";
                }
                throw new UsageException("--out " + dir + " cannot be created: it is a symbolic link to " + target + ", which does not exist");
            }
            Path existing = dir.getParent();
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null && !Files.isDirectory(existing)) {
                throw new UsageException("--out " + dir + " cannot be created: " + existing + " is a file, not a folder");
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UsageException("--out " + dir + " cannot be created: " + reason(e));
            }
        }
        refuseUnusableLatest(dir);
        return dir;
    }

    /** {@code latest.txt} is rewritten after the run, never through a link: one that cannot be is refused now. */
    private static void refuseUnusableLatest(Path dir) {
        Path latest = dir.resolve(LATEST);
        String what = Files.isSymbolicLink(latest) ? "a symbolic link"
                : Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS) ? "a folder"
                : Files.exists(latest, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(latest, LinkOption.NOFOLLOW_LINKS) ? "not a plain file"
                : null;
        if (what != null) {
            throw new UsageException("--out " + dir + " cannot be used: " + latest + " is " + what
                    + "; the runner writes the newest run's id there (remove it or choose another --out)");
        }
    }

    /** The run's id, which is also its folder's name. */
    String runId() {
        return runId;
    }

    /** The run's own folder. */
    Path path() {
        return parent.resolve(runId);
    }

    /** Writes a text file into the run's folder, never through a link; returns its path. */
    Path write(String name, String content) throws IOException {
        return writeNoFollow(path().resolve(name), content);
    }

    /** Removes the run's folder if nothing was written into it (the run could not start). */
    void discardIfEmpty() {
        try {
            Files.deleteIfExists(path());
        } catch (IOException notEmptyOrGone) {
            // something is in it: it stays, as everything the runner wrote does
        }
    }

    /** Makes {@code latest.txt} name this run's folder. */
    void markLatest() throws IOException {
        writeNoFollow(parent.resolve(LATEST), runId + "\n");
    }

    private static Path writeNoFollow(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** The operating system's reason, without the path the message repeats. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
