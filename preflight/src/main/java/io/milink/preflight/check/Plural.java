package io.milink.preflight.check;

/**
 * Counts written the way a DBA reads them ("1 database", "3 databases"), never "database(s)": shared by the
 * checks' evidence and the reports' verdict line.
 */
public final class Plural {

    private Plural() {
    }

    /** "1 warning", "0 warnings", "2 warnings": the regular English plural (noun + "s"). */
    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    /** As {@link #count(long, String)}, for a noun whose plural is not noun + "s" ("1 fix", "2 fixes"). */
    public static String count(long n, String singular, String plural) {
        return n + " " + noun(n, singular, plural);
    }

    /** The noun alone, for a sentence that lists the items instead of counting them ("failover groups A, B"). */
    public static String noun(long n, String singular, String plural) {
        return n == 1 ? singular : plural;
    }
}
