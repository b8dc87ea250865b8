package io.milink.preflight.inventory;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceInfo;
import io.milink.preflight.facts.ManagedInstanceFacts;
import io.milink.preflight.facts.ManagedInstanceFacts.LinkFact;
import io.milink.preflight.facts.ManagedInstanceFacts.PermissionFact;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Reads the managed instance's facts through Azure Resource Manager. Blocking: run it on a worker thread. */
public final class ManagedInstanceInventory {

    private ManagedInstanceInventory() {
    }

    /**
     * A failed read becomes facts with ARM's status and error code, never an exception. Each read fails on its own:
     * a stopped instance still shows its state, but refuses its endpoint certificate; an identity without
     * Microsoft.Insights read still gets every other fact.
     */
    public static ManagedInstanceFacts collect(ManagedInstanceClient client) {
        String id = client.ref().resourceId();
        ManagedInstanceInfo info;
        try {
            info = client.instance();
        } catch (ArmCallException e) {
            return ManagedInstanceFacts.failed(id, e.status(), e.code(), e.getMessage());
        }
        Read<List<String>> databases = read(client::databaseNames);
        Read<String> certificate = read(() -> endpointCertificate(client));
        Read<Double> usedStorage = read(client::usedStorageMb);
        Read<List<String>> failoverGroups = info.location() == null
                ? new Read<>(null, "the instance has no location to list failover groups in")
                : read(() -> client.instanceFailoverGroups(info.location()));
        Read<List<LinkFact>> links = read(() -> client.links().stream()
                .map(l -> new LinkFact(l.name(), l.instanceAvailabilityGroupName(), l.partnerAvailabilityGroupName(),
                        l.databases()))
                .toList());
        Read<List<PermissionFact>> permissions = read(() -> client.permissions().stream()
                .map(p -> new PermissionFact(p.actions(), p.notActions())).toList());
        return new ManagedInstanceFacts(id, null, null, null, info.state(), info.fqdn(), info.collation(),
                info.updatePolicy(), info.serviceTier(), info.vCores(), info.storageSizeGb(), databases.value(),
                databases.error(), certificate.value(), certificate.error(), info.location(), usedStorage.value(),
                usedStorage.error(), failoverGroups.value(), failoverGroups.error(), links.value(), links.error(),
                permissions.value(), permissions.error());
    }

    private record Read<T>(T value, String error) {
    }

    @FunctionalInterface
    private interface ArmRead<T> {
        T get() throws ArmCallException;
    }

    private static <T> Read<T> read(ArmRead<T> call) {
        try {
            return new Read<>(call.get(), null);
        } catch (ArmCallException e) {
            return new Read<>(null, (e.code() == null ? "" : e.code() + ": ") + e.getMessage());
        }
    }

    /** ARM shows the endpoint certificate's blob as hex, with or without 0x; facts hold upper-case hex. */
    private static String endpointCertificate(ManagedInstanceClient client) throws ArmCallException {
        String blob = client.endpointCertificateBlob();
        if (blob == null) {
            return null;
        }
        String hex = blob.trim();
        hex = hex.regionMatches(true, 0, "0x", 0, 2) ? hex.substring(2) : hex;
        return HexFormat.of().withUpperCase().formatHex(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }
}
