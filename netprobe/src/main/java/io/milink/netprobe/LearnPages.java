package io.milink.netprobe;

/**
 * The public Microsoft Learn pages that network findings point users to (the same links as the end of
 * docs/checks.md). Findings cite these rather than milink's internal reference sections, which users cannot open.
 */
public final class LearnPages {

    /** "Prepare environment for the Managed Instance link": topology, address ranges, the port table. */
    public static final String PREPARE =
            "https://learn.microsoft.com/azure/azure-sql/managed-instance/managed-instance-link-preparation";
    /** "Troubleshoot issues with the link": endpoint and network failures. */
    public static final String TROUBLESHOOT =
            "https://learn.microsoft.com/azure/azure-sql/managed-instance/managed-instance-link-troubleshoot-how-to";

    private LearnPages() {
    }

    /** The text a finding ends with: {@code (see URL)}. */
    public static String see(String page) {
        return "(see " + page + ")";
    }
}
