package org.iocstream.connectors.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files holding secrets or their hashes: credentials, token lists, a broker's password and ACL files. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * Replaces {@code file} with {@code text}, readable and writable by its owner only. The text goes to a
     * temporary file first, moved into place in one step, so a reader (another process, a broker on reload) sees the
     * old file or the new one, never half of one.
     */
    public static void replace(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary); // not a POSIX file system: its own access rules apply
        }
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
