package io.milink.linkmanager;

import java.util.Locale;

import io.milink.core.spec.LinkSpec;

/**
 * What a journaled run works on, as the journal's lease and its record of accepted ARM operations name it: the
 * managed instance, by its Azure resource id. One run at a time per instance, whatever databases or SQL Server a spec
 * names: the ARM operations a stopped run left in flight belong to the instance, and a spec that spells SQL Server
 * another way (a host name, its FQDN, an IP address, with or without the port) must still find them.
 */
public final class RunTarget {

    private RunTarget() {
    }

    public static String of(LinkSpec spec) {
        // Resource ids are case-insensitive: one target however a spec spells it.
        return spec.managedInstance().resource().resourceId().toLowerCase(Locale.ROOT);
    }
}
