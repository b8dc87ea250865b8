package io.milink.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be written is said once, with why, never as "FILE: FOLDER". */
class UnwritableFileTest {

    @Test
    void aFolderThatCannotBeMadeIsNamedAsTheFolder() {
        Path file = Path.of("/proc/x/y");
        assertThat(UnwritableFile.message("the report", file, new NoSuchFileException("/proc/x")))
                .isEqualTo("cannot write the report to /proc/x/y: the folder /proc/x does not exist and cannot be "
                        + "created there; name a file in a folder milink may write to");
    }

    @Test
    void aFolderNamedAsTheFileAndAPermissionAreSaidPlainly(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out"));
        assertThat(UnwritableFile.message("the report", folder,
                new FileSystemException(folder.toString(), null, "Is a directory")))
                .isEqualTo("cannot write the report to " + folder + ": it is a folder; name a file inside it");
        Path file = dir.resolve("report.txt");
        assertThat(UnwritableFile.message("the report", file, new AccessDeniedException(file.toString())))
                .isEqualTo("cannot write the report to " + file + ": permission denied; name a file in a folder "
                        + "milink may write to");
        assertThat(UnwritableFile.message("facts", file, new IOException("Input/output error")))
                .isEqualTo("cannot write facts to " + file + ": Input/output error; name a file in a folder milink "
                        + "may write to");
    }
}
