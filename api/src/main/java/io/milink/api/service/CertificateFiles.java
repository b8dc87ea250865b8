package io.milink.api.service;

import io.milink.api.service.http.RequestRejected;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The certificate files a request may name as {@code sqlServer.serverCertificate}: only those in the directory the
 * administrator configured ({@code --certificate-dir}), named relative to it or by a path inside it. An API caller is
 * not the person running the process: were any path allowed, a 400 for a missing file and an accepted request for
 * {@code /etc/shadow} would tell the caller which files exist on the service's host. So every path outside the
 * directory, existing or not, gets the same answer, before anything is opened.
 */
final class CertificateFiles {

    private final Path directory;

    /** @param directory the certificate directory; null refuses every certificate file */
    CertificateFiles(Path directory) {
        this.directory = directory;
    }

    /** The readable file {@code value} names inside the directory. Blocking (it resolves the path on disk). */
    Path resolve(String value) {
        if (directory == null) {
            throw new RequestRejected("'sqlServer.serverCertificate': this service reads no certificate files (start "
                    + "it with --certificate-dir DIR to allow the files in DIR); omit the field, or ask the "
                    + "service's administrator to place the certificate there");
        }
        try {
            Path root = directory.toRealPath();
            // toRealPath follows every symbolic link, so the check below sees where the file really is.
            Path file = root.resolve(value).toRealPath();
            if (file.startsWith(root) && Files.isRegularFile(file) && Files.isReadable(file)) {
                return file;
            }
        } catch (IOException | InvalidPathException e) {
            // Missing, unreadable or outside: one answer for all, so nothing is learnt about the host's files.
        }
        throw new RequestRejected("'sqlServer.serverCertificate': '" + value + "' is not a readable file in the "
                + "service's certificate directory; name a PEM or DER file relative to it (docs/operations.md, "
                + "--certificate-dir)");
    }
}
