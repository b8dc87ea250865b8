package io.milink.netprobe;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, when that is cheap to tell: on Linux, the listening socket's inode from
 * {@code /proc/net/tcp} and {@code tcp6}, then the process whose {@code /proc/PID/fd} links to it. Other users'
 * processes are visible only to root, so "cannot tell" is a normal answer. Elsewhere it always cannot tell.
 */
public final class PortHolder {

    private static final String LISTEN_STATE = "0A";

    private final Path procRoot;

    PortHolder(Path procRoot) {
        this.procRoot = procRoot;
    }

    public static PortHolder system() {
        return new PortHolder(Path.of("/proc"));
    }

    /** {@code pid 1234 (sqlservr)} when found; empty when it cannot tell. Never throws. */
    public Optional<String> describe(int port) {
        try {
            Set<String> inodes = listeningInodes(port);
            if (inodes.isEmpty()) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> pids = Files.newDirectoryStream(procRoot, p ->
                    p.getFileName().toString().chars().allMatch(Character::isDigit))) {
                for (Path pid : pids) {
                    if (ownsOne(pid, inodes)) {
                        return Optional.of("pid " + pid.getFileName() + " (" + command(pid) + ")");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc, or not readable: say we cannot tell rather than guess.
        }
        return Optional.empty();
    }

    /** How to find out by hand, for when {@link #describe} cannot tell. */
    public static String howToFindOut(int port) {
        return "to see what holds it: 'ss -ltnp \"sport = :" + port + "\"' (as root) on Linux, "
                + "'netstat -ano | findstr :" + port + "' on Windows";
    }

    private Set<String> listeningInodes(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = procRoot.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && f[1].endsWith(":" + hexPort) && f[3].equals(LISTEN_STATE)) {
                    inodes.add(f[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean ownsOne(Path pid, Set<String> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException e) {
                    // fd closed meanwhile or not ours to read
                }
            }
        } catch (IOException | SecurityException e) {
            // another user's process
        }
        return false;
    }

    private static String command(Path pid) {
        try {
            return Files.readString(pid.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
