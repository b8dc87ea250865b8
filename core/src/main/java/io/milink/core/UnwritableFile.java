package io.milink.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one-line message for a file the user named that cannot be written: which file, why in plain words, and what to
 * do, rather than the exception's own text (which for a folder that cannot be made is only that folder's path).
 */
public final class UnwritableFile {

    private UnwritableFile() {
    }

    /** E.g. "cannot write the report to /proc/x/y: the folder /proc/x does not exist and cannot be created; ...". */
    public static String message(String what, Path file, IOException e) {
        Path failed = e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : file;
        boolean aFolder = !failed.equals(file);
        String why;
        if (Files.isDirectory(file)) {
            return "cannot write " + what + " to " + file + ": it is a folder; name a file inside it";
        } else if (e instanceof NoSuchFileException) {
            why = aFolder ? "the folder " + failed + " does not exist and cannot be created there"
                    : "its folder does not exist";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied" + (aFolder ? " on " + failed : "");
        } else {
            String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            why = (aFolder ? failed + ": " : "") + reason.replace('\n', ' ');
        }
        return "cannot write " + what + " to " + file + ": " + why + "; name a file in a folder milink may write to";
    }
}
