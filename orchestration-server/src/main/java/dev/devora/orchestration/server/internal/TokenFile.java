package dev.devora.orchestration.server.internal;

import dev.devora.orchestration.server.AccessTokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The file that keeps the service's generated access token, as its SHA-256 only ({@link AccessTokens#hashOf}): one
 * line of 64 hexadecimal digits, readable by its owner only where the file system has POSIX permissions. The token
 * itself is never written anywhere.
 *
 * <pre>{@code
 * Optional<AccessTokens> known = TokenFile.read(file);        // a later start
 * String token = TokenFile.create(file);                      // the first start: print it once
 * }</pre>
 */
public final class TokenFile {
    private TokenFile() {
    }

    /**
     * The tokens of an existing file.
     *
     * @param file the file
     * @return its token; empty when there is no file
     * @throws IllegalArgumentException naming the file when it does not hold a SHA-256 hash
     * @throws IOException              when it cannot be read
     */
    public static Optional<AccessTokens> read(Path file) throws IOException {
        if (!Files.exists(file)) return Optional.empty();
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(AccessTokens.hashed(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " must hold the SHA-256 of the access token (64 hexadecimal "
                    + "digits); delete it to make a new token");
        }
    }

    /**
     * Generates a token and writes its hash to a new file (owner-only permissions where supported).
     *
     * @param file the file; must not exist
     * @return the token, to show once
     * @throws IOException when the file exists or cannot be written
     */
    public static String create(Path file) throws IOException {
        String token = AccessTokens.generate();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        boolean posix = Files.getFileStore(parent == null ? file.toAbsolutePath() : parent)
                .supportsFileAttributeView("posix");
        try {
            if (posix) {
                FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                Files.createFile(file, ownerOnly);
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already: another start made a token meanwhile", e);
        }
        Files.writeString(file, AccessTokens.hashOf(token) + "\n", StandardCharsets.US_ASCII);
        return token;
    }
}
