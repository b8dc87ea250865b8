package io.milink.linkmanager;

import java.util.Locale;

import io.milink.core.spec.LinkSpec;

/**
 * What a journaled run works on, as the journal's lease names it: the SQL Server and the managed instance. One run at
 * a time per pair, whatever databases it names: runs share the pair's instance-level objects (the certificates, the
 * endpoint), so two runs for different databases of one pair could still race on those.
 */
public final class RunTarget {

    private RunTarget() {
    }

    public static String of(LinkSpec spec) {
        // Host names and resource ids are case-insensitive: one target however a spec spells them.
        return spec.sqlServer().displayName().toLowerCase(Locale.ROOT) + " -> "
                + spec.managedInstance().resource().resourceId().toLowerCase(Locale.ROOT);
    }
}
