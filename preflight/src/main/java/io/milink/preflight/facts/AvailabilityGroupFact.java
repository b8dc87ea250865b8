package io.milink.preflight.facts;

import java.util.List;

/**
 * An availability group ({@code sys.availability_groups}).
 *
 * @param name          name
 * @param distributed   {@code is_distributed}
 * @param clusterType   {@code cluster_type_desc} (2017+: WSFC, NONE, EXTERNAL); null on 2016
 * @param databases     the databases in it
 */
public record AvailabilityGroupFact(String name, boolean distributed, String clusterType, List<String> databases) {
    public AvailabilityGroupFact {
        databases = List.copyOf(databases);
    }
}
