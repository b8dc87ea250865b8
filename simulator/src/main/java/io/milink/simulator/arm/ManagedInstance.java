package io.milink.simulator.arm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.milink.simulator.link.LinkRole;
import io.milink.simulator.link.LinkStatus;
import io.milink.simulator.link.LinkWorld;
import io.milink.simulator.link.ManagedInstanceSide;
import io.milink.simulator.pki.BundledRootCertificates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The managed instance the twin serves and everything under it: its state, databases, trust certificates and
 * links. Route handlers (event loop) and tests (their own threads) share it, so every method holds the lock.
 * Names compare case-insensitively, as Azure SQL's do.
 *
 * <p>Each link's replication (seeding, LSNs, roles, health) lives in the {@link LinkWorld} it shares with the SQL
 * Server twin; this class keeps the link resource's own properties. Its monitor is a leaf lock: nothing here calls
 * into the world while holding it, and the world calls in only through {@link #side()}, so the two locks are always
 * taken in the same order (world, then instance).
 */
public final class ManagedInstance {

    private final ManagedInstanceScenario scenario;
    private final EndpointCertificateChain endpointCertificate;
    private ManagedInstanceScenario.State state;
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, TrustCertificate> trustCertificates = new LinkedHashMap<>();
    private final Map<String, LinkResource> links = new LinkedHashMap<>();
    private final LinkWorld world;

    ManagedInstance(ManagedInstanceScenario scenario, EndpointCertificateChain endpointCertificate, LinkWorld world) {
        this.scenario = scenario;
        this.endpointCertificate = endpointCertificate;
        this.world = world;
        this.state = scenario.state();
        scenario.databases().forEach(db -> databases.put(key(db), db));
        world.attach(side());
        for (ManagedInstanceScenario.Link l : scenario.links()) {
            LinkResource link = new LinkResource(l.name(), l.instanceLinkRole().name(),
                    l.instanceAvailabilityGroupName(), l.partnerAvailabilityGroupName(), l.partnerEndpoint(), "None",
                    "Automatic", l.databases());
            links.put(key(l.name()), link);
            // A link made before the twin started (by another tool): replicating, or in the phase the scenario's
            // link: section declares; its seeded databases are on the instance.
            world.adopt(link.joinRequest());
        }
    }

    /** The link world this instance replicates in. */
    public LinkWorld world() {
        return world;
    }

    /** What the link world sees of this instance. */
    ManagedInstanceSide side() {
        return new ManagedInstanceSide() {
            @Override
            public String name() {
                return scenario.name();
            }

            @Override
            public String fqdn() {
                return scenario.fqdn();
            }

            @Override
            public boolean running() {
                ManagedInstanceScenario.State s = state();
                return s == ManagedInstanceScenario.State.Ready || s == ManagedInstanceScenario.State.Updating;
            }

            @Override
            public byte[] endpointCertificate() {
                return endpointCertificate.leaf().der();
            }

            /**
             * The twin's chain ends at a twin-made root (it cannot sign with Azure's keys); it stands for a chain
             * under the real Azure roots, so registering either those bundled roots or the twin's own CA certificates
             * on SQL Server makes the instance trusted (docs/simulator-arm.md).
             */
            @Override
            public List<byte[]> endpointCertificateIssuers() {
                List<byte[]> issuers = new ArrayList<>();
                issuers.add(endpointCertificate.intermediate().der());
                issuers.add(endpointCertificate.root().der());
                for (String bundled : BundledRootCertificates.names()) {
                    try {
                        issuers.add(BundledRootCertificates.get(bundled).getEncoded());
                    } catch (java.security.cert.CertificateEncodingException e) {
                        throw new IllegalStateException("a bundled root cannot be encoded", e);
                    }
                }
                return issuers;
            }

            @Override
            public List<byte[]> trustCertificates() {
                return ManagedInstance.this.trustCertificates().stream().map(ManagedInstance::der).toList();
            }

            @Override
            public void trustUploadedBefore(String name, byte[] der) {
                putTrustCertificate(TrustCertificate.parse(name, java.util.HexFormat.of().formatHex(der)));
            }

            @Override
            public boolean hasDatabase(String name) {
                synchronized (ManagedInstance.this) {
                    return databases.containsKey(key(name));
                }
            }

            @Override
            public void databaseCreated(String name) {
                synchronized (ManagedInstance.this) {
                    databases.putIfAbsent(key(name), name);
                }
            }
        };
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public ManagedInstanceScenario scenario() {
        return scenario;
    }

    public EndpointCertificateChain endpointCertificate() {
        return endpointCertificate;
    }

    /** {@code /subscriptions/…/resourceGroups/…/providers/Microsoft.Sql/managedInstances/{name}} */
    public String resourceId() {
        return "/subscriptions/" + scenario.subscriptionId() + "/resourceGroups/" + scenario.resourceGroup()
                + "/providers/Microsoft.Sql/managedInstances/" + scenario.name();
    }

    public synchronized ManagedInstanceScenario.State state() {
        return state;
    }

    /** Lets a test stop or start the instance while the twin runs. */
    public synchronized void setState(ManagedInstanceScenario.State newState) {
        this.state = newState;
    }

    public synchronized List<String> databaseNames() {
        return List.copyOf(databases.values());
    }

    public synchronized List<String> trustCertificateNames() {
        return trustCertificates.values().stream().map(TrustCertificate::name).toList();
    }

    public synchronized List<String> linkNames() {
        return links.values().stream().map(l -> l.name).toList();
    }

    /** Mutating operations fail while the instance is not running (arm-api.md §5, "Generic, all operations"). */
    synchronized void requireRunningForChange() {
        switch (state) {
            case Stopped, Stopping -> throw new ArmException(ArmError.managedInstanceStoppingOrStopped());
            case Starting -> throw new ArmException(ArmError.managedInstanceStarting());
            default -> { }
        }
    }

    // ---- trust certificates

    synchronized Optional<TrustCertificate> trustCertificate(String name) {
        return Optional.ofNullable(trustCertificates.get(key(name)));
    }

    synchronized List<TrustCertificate> trustCertificates() {
        return new ArrayList<>(trustCertificates.values());
    }

    /**
     * Whether a PUT of {@code candidate} is a repeat of what is stored (ARM's 200), a new certificate (201), or a
     * {@code CertificateAlreadyExists}: the same name holding another certificate, or the same certificate under
     * another name — the contract's text is "A certificate with a given name already exists or this certificate
     * already has been added".
     */
    synchronized boolean isRepeatUpload(TrustCertificate candidate) {
        TrustCertificate sameName = trustCertificates.get(key(candidate.name()));
        if (sameName != null) {
            if (sameName.thumbprint().equals(candidate.thumbprint())) {
                return true;
            }
            throw new ArmException(ArmError.certificateAlreadyExists());
        }
        boolean sameCertificate = trustCertificates.values().stream()
                .anyMatch(c -> c.thumbprint().equals(candidate.thumbprint()));
        if (sameCertificate) {
            throw new ArmException(ArmError.certificateAlreadyExists());
        }
        return false;
    }

    synchronized void putTrustCertificate(TrustCertificate certificate) {
        trustCertificates.put(key(certificate.name()), certificate);
    }

    synchronized boolean removeTrustCertificate(String name) {
        return trustCertificates.remove(key(name)) != null;
    }

    // ---- links

    synchronized Optional<LinkResource> link(String name) {
        return Optional.ofNullable(links.get(key(name)));
    }

    List<JsonObject> linkBodies() {
        List<LinkResource> current;
        synchronized (this) {
            current = new ArrayList<>(links.values());
        }
        return current.stream().map(this::linkBody).toList();
    }

    /** The resource body with its replication as the link world has it now. */
    JsonObject linkBody(LinkResource link) {
        return link.toJson(resourceId(), world.status(link.name).orElse(null));
    }

    /**
     * Checks a new link against the instance: a link that replicates into the instance (instance role Secondary)
     * needs database names the instance does not have yet ({@code ManagedDatabaseNameInUse}).
     */
    synchronized void checkNewLink(LinkResource link) {
        if ("Secondary".equals(link.instanceLinkRole)) {
            for (String db : link.databaseNames()) {
                if (databases.containsKey(key(db))) {
                    throw new ArmException(ArmError.managedDatabaseNameInUse(databases.get(key(db))));
                }
            }
        }
        for (LinkResource other : links.values()) {
            if (other.instanceAvailabilityGroupName.equalsIgnoreCase(link.instanceAvailabilityGroupName)
                    && other.partnerAvailabilityGroupName.equalsIgnoreCase(link.partnerAvailabilityGroupName)) {
                throw new ArmException(ArmError.of(400, "ManagedInstanceLinkForProvidedAvailabilityGroupsAlreadyExists",
                        "It is not possible to add an additional database to an existing Managed Instance link as a single"
                                + " link can contain only one database. Please use a different distributed availability group"
                                + " name and try again."));
            }
        }
    }

    /** A created link; its databases appear on the instance when seeding has copied them (the link world). */
    synchronized void addLink(LinkResource link) {
        links.put(key(link.name), link);
    }

    synchronized boolean removeLink(String name) {
        return links.remove(key(name)) != null;
    }

    /** The instance's role in a link, as the link world has it. */
    LinkRole instanceRole(LinkResource link) {
        return world.status(link.name).map(LinkStatus::managedInstanceRole)
                .orElse("Primary".equals(link.instanceLinkRole) ? LinkRole.PRIMARY : LinkRole.SECONDARY);
    }

    // ---- bodies that are not links

    /** The GET body, in the shape of ManagedInstanceGet.json (2023-08-01 example) and arm-api.md §2.4. */
    synchronized JsonObject toJson() {
        boolean businessCritical = scenario.tier() == ManagedInstanceScenario.Tier.BusinessCritical;
        String dnsZone = scenario.fqdn().split("\\.")[1];
        JsonObject properties = new JsonObject()
                .put("provisioningState", "Succeeded")
                .put("state", state.name())
                .put("fullyQualifiedDomainName", scenario.fqdn())
                .put("administratorLogin", "milinkadmin")
                .put("subnetId", "/subscriptions/" + scenario.subscriptionId() + "/resourceGroups/"
                        + scenario.resourceGroup() + "/providers/Microsoft.Network/virtualNetworks/vnet-mi/subnets/mi")
                .put("vCores", scenario.vCores())
                .put("storageSizeInGB", scenario.storageSizeGb())
                .put("licenseType", "LicenseIncluded")
                .put("collation", scenario.collation())
                .put("publicDataEndpointEnabled", false)
                .put("proxyOverride", "Default")
                .put("minimalTlsVersion", "1.2")
                .put("dnsZone", dnsZone)
                .put("currentBackupStorageRedundancy", "Geo")
                .put("requestedBackupStorageRedundancy", "Geo")
                .put("zoneRedundant", false)
                .put("databaseFormat", scenario.updatePolicy().name())
                .put("isGeneralPurposeV2", scenario.tier() == ManagedInstanceScenario.Tier.NextGenGeneralPurpose);
        return new JsonObject()
                .put("sku", new JsonObject()
                        .put("name", businessCritical ? "BC_Gen5" : "GP_Gen5")
                        .put("tier", businessCritical ? "BusinessCritical" : "GeneralPurpose")
                        .put("capacity", scenario.vCores())
                        .put("family", "Gen5"))
                .put("properties", properties)
                .put("location", scenario.location())
                .put("tags", new JsonObject())
                .put("id", resourceId())
                .put("name", scenario.name())
                .put("type", "Microsoft.Sql/managedInstances");
    }

    /** {@code Microsoft.Sql/managedInstances/databases} list body (ManagedDatabases_ListByInstance). */
    synchronized JsonObject databasesJson() {
        JsonArray value = new JsonArray();
        for (String db : databases.values()) {
            value.add(new JsonObject()
                    .put("properties", new JsonObject()
                            .put("collation", scenario.collation())
                            .put("status", "Online")
                            .put("creationDate", "2026-01-01T00:00:00Z")
                            .put("defaultSecondaryLocation", scenario.location()))
                    .put("location", scenario.location())
                    .put("id", resourceId() + "/databases/" + db)
                    .put("name", db)
                    .put("type", "Microsoft.Sql/managedInstances/databases"));
        }
        return new JsonObject().put("value", value);
    }

    synchronized JsonObject endpointCertificateJson(String endpointType) {
        return new JsonObject()
                .put("properties", new JsonObject().put("publicBlob", endpointCertificate.publicBlob()))
                .put("id", resourceId() + "/endpointCertificates/" + endpointType)
                .put("name", endpointType)
                .put("type", "Microsoft.Sql/managedInstances/endpointCertificates");
    }

    /** As the ServerTrustCertificatesGet example (2025-01-01): publicBlob in hex without {@code 0x}. */
    JsonObject trustCertificateJson(TrustCertificate c) {
        return new JsonObject()
                .put("properties", new JsonObject()
                        .put("publicBlob", java.util.HexFormat.of().withUpperCase().formatHex(der(c)))
                        .put("thumbprint", c.thumbprint())
                        .put("certificateName", c.name()))
                .put("id", resourceId() + "/serverTrustCertificates/" + c.name())
                .put("name", c.name())
                .put("type", "Microsoft.Sql/managedInstances/serverTrustCertificates");
    }

    static byte[] der(TrustCertificate c) {
        try {
            return c.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded", e);
        }
    }

    /**
     * Microsoft.Authorization {@code permissions} list for the caller on this instance: one entry whose
     * {@code actions} are the scenario's {@code grantedActions}.
     */
    JsonObject permissionsJson() {
        return new JsonObject().put("value", new JsonArray().add(new JsonObject()
                .put("actions", new JsonArray(scenario.grantedActions()))
                .put("notActions", new JsonArray())
                .put("dataActions", new JsonArray())
                .put("notDataActions", new JsonArray())));
    }

    /** Microsoft.Insights metrics body for {@code storage_space_used_mb} (the used-storage figure the portal shows). */
    JsonObject storageMetricJson(String metricName) {
        double usedMb = scenario.usedStorageGb() * 1024.0;
        return new JsonObject()
                .put("cost", 0)
                .put("timespan", "2026-01-01T00:00:00Z/2026-01-01T01:00:00Z")
                .put("interval", "PT1H")
                .put("value", new JsonArray().add(new JsonObject()
                        .put("id", resourceId() + "/providers/Microsoft.Insights/metrics/" + metricName)
                        .put("type", "Microsoft.Insights/metrics")
                        .put("name", new JsonObject().put("value", metricName).put("localizedValue", "Storage space used"))
                        .put("unit", "Count")
                        .put("timeseries", new JsonArray().add(new JsonObject()
                                .put("metadatavalues", new JsonArray())
                                .put("data", new JsonArray().add(new JsonObject()
                                        .put("timeStamp", "2026-01-01T00:00:00Z").put("average", usedMb)))))
                        .put("errorCode", "Success")))
                .put("namespace", "Microsoft.Sql/managedInstances")
                .put("resourceregion", scenario.location());
    }

    /** The instance failover groups in the instance's location that contain it (Microsoft.Sql instanceFailoverGroups). */
    JsonObject failoverGroupsJson() {
        JsonArray value = new JsonArray();
        if (scenario.failoverGroup()) {
            String name = "fog-" + scenario.name();
            value.add(new JsonObject()
                    .put("id", "/subscriptions/" + scenario.subscriptionId() + "/resourceGroups/" + scenario.resourceGroup()
                            + "/providers/Microsoft.Sql/locations/" + scenario.location() + "/instanceFailoverGroups/" + name)
                    .put("name", name)
                    .put("type", "Microsoft.Sql/locations/instanceFailoverGroups")
                    .put("properties", new JsonObject()
                            .put("replicationRole", "Primary")
                            .put("replicationState", "CATCH_UP")
                            .put("managedInstancePairs", new JsonArray().add(new JsonObject()
                                    .put("primaryManagedInstanceId", resourceId())
                                    .put("partnerManagedInstanceId", "/subscriptions/" + scenario.subscriptionId()
                                            + "/resourceGroups/" + scenario.resourceGroup()
                                            + "/providers/Microsoft.Sql/managedInstances/" + scenario.name() + "-dr")))));
        }
        return new JsonObject().put("value", value);
    }
}
