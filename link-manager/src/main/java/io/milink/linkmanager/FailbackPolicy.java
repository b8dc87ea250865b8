package io.milink.linkmanager;

import java.util.Optional;

/**
 * Whether SQL Server may take the primary role back from the managed instance (a failback), by the documented rule
 * (mi-link-workflow.md §1.3, §8; Microsoft Learn, "Overview of the Managed Instance link", "Disaster recovery with
 * the link"): data replication and failover from the instance to SQL Server need the instance's update policy to
 * match SQL Server's version, the SQL Server 2022 policy for SQL Server 2022 and the SQL Server 2025 policy for SQL
 * Server 2025; an instance on Always-up-to-date can never fail back or replicate to SQL Server, and SQL Server
 * 2016–2019 links are one-way. ARM reports the policy as the instance's {@code properties.databaseFormat}
 * (AlwaysUpToDate, SQLServer2022, SQLServer2025; which property carries it is UNCONFIRMED in the reference, §9 item
 * 19, and is what the readiness check mi.updatePolicy reads too).
 */
final class FailbackPolicy {

    private FailbackPolicy() {
    }

    /**
     * Why a failback to this SQL Server is refused, or empty when the policy allows it.
     *
     * @param sqlServerVersion SERVERPROPERTY('ProductVersion'), e.g. 16.0.4125.3
     * @param updatePolicy     the instance's databaseFormat; null when ARM does not report it
     */
    static Optional<String> refusal(String sqlServerVersion, String updatePolicy) {
        int major;
        try {
            major = Integer.parseInt(sqlServerVersion.trim().split("\\.")[0]);
        } catch (RuntimeException e) {
            return Optional.of("SQL Server's version '" + sqlServerVersion + "' is unreadable, so whether the "
                    + "instance's update policy allows failing back to it cannot be told");
        }
        String wanted = switch (major) {
            case 16 -> "SQLServer2022";
            case 17 -> "SQLServer2025";
            default -> null;
        };
        if (wanted == null) {
            return Optional.of("SQL Server " + sqlServerVersion + " cannot take the primary role back from the "
                    + "managed instance: a link from SQL Server 2016, 2017 or 2019 is one-way (Microsoft Learn, "
                    + "'Overview of the Managed Instance link'); recover data to SQL Server another way (transactional "
                    + "replication, or a bacpac)");
        }
        if (updatePolicy == null) {
            return Optional.of("Azure did not report the instance's update policy (databaseFormat), and failing back "
                    + "to SQL Server " + sqlServerVersion + " needs it to be " + wanted + "; check the instance in the "
                    + "portal (Settings > Maintenance and updates) and run this again");
        }
        if (!wanted.equalsIgnoreCase(updatePolicy)) {
            return Optional.of("the instance's update policy is " + updatePolicy + ", and failing back to SQL Server "
                    + sqlServerVersion + " needs " + wanted + (updatePolicy.equalsIgnoreCase("AlwaysUpToDate")
                    ? " (an instance on Always-up-to-date can never fail back to SQL Server)"
                    : " (the policy must match SQL Server's major version)") + " (Microsoft Learn, 'Overview of the "
                    + "Managed Instance link', update policy). The link stays as it is; fail back only to a SQL Server "
                    + "whose version the policy names");
        }
        return Optional.empty();
    }
}
