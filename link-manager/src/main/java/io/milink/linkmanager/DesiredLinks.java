package io.milink.linkmanager;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import io.milink.core.spec.DatabaseLinkNames;
import io.milink.core.spec.FailoverMode;
import io.milink.core.spec.LinkOptions;
import io.milink.core.spec.LinkSpec;
import io.milink.core.spec.ReplicationMode;

/** A spec's link as the planner needs it, its names resolved once SQL Server's name is known ({@code {server}}). */
public final class DesiredLinks {

    /** The link certificate lasts this long when the spec gives no expiry date. */
    static final int DEFAULT_CERTIFICATE_YEARS = 2;

    private DesiredLinks() {
    }

    public static Function<SqlServerObservation, DesiredLink> from(LinkSpec spec) {
        return sql -> {
            LinkOptions options = spec.link();
            LocalDate expiry = options.certificateExpiry() != null ? options.certificateExpiry()
                    : LocalDate.now().plusYears(DEFAULT_CERTIFICATE_YEARS);
            List<DesiredLink.DatabaseLink> databases = spec.linkNames().stream()
                    .map(DesiredLinks::databaseLink).toList();
            return new DesiredLink(spec.certificateName(sql.serverName()), expiry, spec.endpointName(),
                    spec.names().endpointPortOrDefault(), spec.partnerEndpoint(),
                    options.replicationMode() == ReplicationMode.SYNC, options.failoverMode() == FailoverMode.MANUAL,
                    options.masterKeyPassword(), databases);
        };
    }

    private static DesiredLink.DatabaseLink databaseLink(DatabaseLinkNames names) {
        return new DesiredLink.DatabaseLink(names.database(), names.availabilityGroup(),
                names.distributedAvailabilityGroup(), names.instanceAvailabilityGroup());
    }
}
