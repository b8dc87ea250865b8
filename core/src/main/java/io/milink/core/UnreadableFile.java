package io.milink.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one-line message for a file the user named that cannot be read: which file, why in plain words, and what to
 * do, rather than the exception's own text (which for a missing file is only the path again).
 */
public final class UnreadableFile {

    private UnreadableFile() {
    }

    /** E.g. "cannot read spec file /x/spec.yaml: no such file; check the path". */
    public static String message(String what, Path file, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file; check the path";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied; make it readable by the user running milink";
        } else if (Files.isDirectory(file)) {
            why = "it is a directory; name the file inside it";
        } else {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            why = detail.replace('\n', ' ') + "; check the file";
        }
        return "cannot read " + what + " " + file + ": " + why;
    }
}
