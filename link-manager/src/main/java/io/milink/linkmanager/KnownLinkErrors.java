package io.milink.linkmanager;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link's documented error numbers and what to do about each (Microsoft Learn's link troubleshooting page and
 * error pages; mi-link-workflow.md §7.1, §7.3, §7.4, §7.5). Only numbers the documentation explains are here: an
 * unknown number is shown as the side said it, never guessed at.
 */
final class KnownLinkErrors {

    private static final Map<Integer, String> CAUSES = Map.ofEntries(
            Map.entry(41962, "replication to the instance did not start within 5 minutes: usually the network or a "
                    + "firewall between SQL Server and the instance (port 5022 and 11000-11999 both ways); check with "
                    + "milink netprobe and milink preflight, then retry"),
            Map.entry(41973, "SQL Server's endpoint certificate is not trusted by the instance (not uploaded as a "
                    + "server trust certificate): milink link create uploads it"),
            Map.entry(41974, "the instance's endpoint certificate is not imported on SQL Server under the instance's "
                    + "FQDN, or no Azure root is registered for it: milink link create imports it"),
            Map.entry(41976, "the availability group or distributed availability group does not answer on the "
                    + "partner: missing there, or other names or parameters; compare both halves with milink link "
                    + "list and read the partner's error log"),
            Map.entry(41977, "connected, but the target database does not answer: creating it on the partner failed "
                    + "(a database of that name already there, capacity, files); read the partner's error log"),
            Map.entry(41986, "the connection to SQL Server failed or did not answer for a long time: network, "
                    + "firewall, names; the mirroring endpoint must be STARTED with certificate authentication and "
                    + "AES"),
            Map.entry(47521, "the secondary was not built: the availability group on the primary is empty or "
                    + "unhealthy; make sure it holds the healthy database"),
            Map.entry(1408, "the log the secondary needs was truncated during seeding (a log backup ran): the link "
                    + "cannot recover; remove it (milink link delete) and create it again, pausing log backups "
                    + "while it seeds (or trace flag 12381 where the build has it)"),
            Map.entry(1412, "the log the secondary needs was truncated during seeding (a log backup ran): the link "
                    + "cannot recover; remove it (milink link delete) and create it again, pausing log backups "
                    + "while it seeds (or trace flag 12381 where the build has it)"),
            Map.entry(1475, "the database needs a new backup chain: take a full backup without COPY_ONLY"),
            Map.entry(9002, "SQL Server's transaction log is full: the primary cannot truncate log the secondary has "
                    + "not hardened; free or grow the log's disk (DBCC SQLPERF(LOGSPACE), log_reuse_wait_desc) and "
                    + "fix what holds replication back"),
            Map.entry(35201, "a connection timeout to the other replica: a network or firewall issue, or the "
                    + "endpoint address is not the database mirroring endpoint"),
            Map.entry(35206, "a connection timeout to the other replica: a network or firewall issue, or the "
                    + "endpoint address is not the database mirroring endpoint"),
            Map.entry(35267, "a connection timeout to the other replica: a network or firewall issue, or the "
                    + "endpoint address is not the database mirroring endpoint"));

    /** {@code sys.dm_hadr_automatic_seeding.failure_state} values whose fix the documentation gives. */
    private static final Map<Integer, String> SEEDING_FAILURE_STATES = Map.of(
            23, "a database of that name already exists on the secondary: remove or rename it there, then remove "
                    + "the link and create it again");

    private static final Pattern NUMBER = Pattern.compile("(?<![0-9])([0-9]{4,5})(?![0-9])");

    private KnownLinkErrors() {
    }

    static Optional<String> cause(Integer number) {
        return number == null ? Optional.empty() : Optional.ofNullable(CAUSES.get(number));
    }

    static Optional<String> seedingFailureState(Integer state) {
        return state == null ? Optional.empty() : Optional.ofNullable(SEEDING_FAILURE_STATES.get(state));
    }

    /** The known error numbers a message names (e.g. ARM's "Error 41962: ..."), in order. */
    static Set<Integer> numbersIn(String message) {
        Set<Integer> found = new LinkedHashSet<>();
        if (message == null) {
            return found;
        }
        Matcher m = NUMBER.matcher(message);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (CAUSES.containsKey(n)) {
                found.add(n);
            }
        }
        return found;
    }
}
