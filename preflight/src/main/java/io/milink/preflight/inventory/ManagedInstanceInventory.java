package io.milink.preflight.inventory;

import io.milink.core.azure.ArmCallException;
import io.milink.core.azure.ManagedInstanceClient;
import io.milink.core.azure.ManagedInstanceInfo;
import io.milink.preflight.facts.ManagedInstanceFacts;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Reads the managed instance's facts through Azure Resource Manager. Blocking: run it on a worker thread. */
public final class ManagedInstanceInventory {

    private ManagedInstanceInventory() {
    }

    /**
     * A failed read becomes facts with ARM's status and error code, never an exception. Each read fails on its own:
     * a stopped instance still shows its state, but refuses its endpoint certificate.
     */
    public static ManagedInstanceFacts collect(ManagedInstanceClient client) {
        String id = client.ref().resourceId();
        ManagedInstanceInfo info;
        try {
            info = client.instance();
        } catch (ArmCallException e) {
            return ManagedInstanceFacts.failed(id, e.status(), e.code(), e.getMessage());
        }
        List<String> databases = null;
        String databasesError = null;
        try {
            databases = client.databaseNames();
        } catch (ArmCallException e) {
            databasesError = describe(e);
        }
        String certificate = null;
        String certificateError = null;
        try {
            certificate = endpointCertificate(client);
        } catch (ArmCallException e) {
            certificateError = describe(e);
        }
        return new ManagedInstanceFacts(id, null, null, null, info.state(), info.fqdn(), info.collation(),
                info.updatePolicy(), info.tier(), info.vCores(), info.storageSizeGb(), databases, databasesError,
                certificate, certificateError);
    }

    private static String describe(ArmCallException e) {
        return (e.code() == null ? "" : e.code() + ": ") + e.getMessage();
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
