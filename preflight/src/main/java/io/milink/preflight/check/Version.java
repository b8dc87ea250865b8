package io.milink.preflight.check;

import java.util.Arrays;

/** A four-part SQL Server build number (major.minor.build.revision), compared numerically. */
public record Version(int major, int minor, int build, int revision) implements Comparable<Version> {

    /**
     * @throws IllegalArgumentException when the text is not two to four dot-separated numbers
     */
    public static Version parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length < 2 || parts.length > 4) {
            throw new IllegalArgumentException("not a SQL Server version: '" + text + "' (expected e.g. 15.0.4312.2)");
        }
        int[] numbers = new int[4];
        try {
            for (int i = 0; i < parts.length; i++) {
                numbers[i] = Integer.parseInt(parts[i]);
                if (numbers[i] < 0) {
                    throw new NumberFormatException("negative");
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a SQL Server version: '" + text + "' (expected e.g. 15.0.4312.2)");
        }
        return new Version(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    @Override
    public int compareTo(Version other) {
        return Arrays.compare(new int[] {major, minor, build, revision},
                new int[] {other.major, other.minor, other.build, other.revision});
    }

    public boolean isAtLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build + "." + revision;
    }
}
