package io.milink.certs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The Azure root certificate authorities milink ships: public certificates in
 * {@code io/milink/certs/roots/}, described by {@code azure-root-cas.properties} (ids, files, SHA-1 thumbprints,
 * notAfter, source, and the date the list was made). Updating the list is a data change, not a code change.
 *
 * <p>Loading verifies every file against the thumbprint and notAfter written in the list and refuses to load on
 * any mismatch: the bundle is what milink tells a DBA to trust, so it must be exactly what the list says.
 */
public final class AzureRootBundle {

    /** Where the bundle lives on the class path. */
    public static final String RESOURCE_DIRECTORY = "io/milink/certs/roots/";
    public static final String LIST_FILE = "azure-root-cas.properties";

    private final LocalDate listDate;
    private final String authority;
    private final String source;
    private final List<AzureRootCa> roots;

    private AzureRootBundle(LocalDate listDate, String authority, String source, List<AzureRootCa> roots) {
        this.listDate = listDate;
        this.authority = authority;
        this.source = source;
        this.roots = List.copyOf(roots);
    }

    /** Loads the bundle shipped in milink's jar. */
    public static AzureRootBundle load() {
        ClassLoader loader = AzureRootBundle.class.getClassLoader();
        return load(name -> loader.getResourceAsStream(RESOURCE_DIRECTORY + name));
    }

    /**
     * Loads a bundle whose list and files come from {@code open} (file name to stream, {@code null} when
     * absent). Tests use it to feed a tampered list.
     */
    public static AzureRootBundle load(Function<String, InputStream> open) {
        Properties list = new Properties();
        try (InputStream in = open.apply(LIST_FILE)) {
            if (in == null) {
                throw new RootBundleException("root list " + LIST_FILE + " not found");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                list.load(reader);
            }
        } catch (IOException e) {
            throw new RootBundleException("cannot read " + LIST_FILE + ": " + e.getMessage(), e);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(required(list, "list.date"));
        } catch (DateTimeParseException e) {
            throw new RootBundleException(LIST_FILE + ": list.date is not a yyyy-MM-dd date", e);
        }
        List<AzureRootCa> roots = new ArrayList<>();
        for (String rawId : required(list, "roots").split(",")) {
            String id = rawId.strip();
            if (!id.isEmpty()) {
                roots.add(loadRoot(list, id, open));
            }
        }
        if (roots.isEmpty()) {
            throw new RootBundleException(LIST_FILE + ": 'roots' lists no root");
        }
        return new AzureRootBundle(date, required(list, "list.authority"), required(list, "list.source"), roots);
    }

    private static AzureRootCa loadRoot(Properties list, String id, Function<String, InputStream> open) {
        String prefix = "root." + id + ".";
        String file = required(list, prefix + "file");
        Thumbprint expected;
        Instant notAfter;
        try {
            expected = Thumbprint.parse(required(list, prefix + "sha1"));
            notAfter = Instant.parse(required(list, prefix + "notAfter"));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new RootBundleException(LIST_FILE + ": root '" + id + "': " + e.getMessage(), e);
        }
        DerCertificate certificate;
        try (InputStream in = open.apply(file)) {
            if (in == null) {
                throw new RootBundleException("root '" + id + "': file " + file + " not found");
            }
            certificate = CertificateReader.read(in.readAllBytes());
        } catch (IOException | CertificateFormatException e) {
            throw new RootBundleException("root '" + id + "': cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!certificate.thumbprint().equals(expected)) {
            throw new RootBundleException("root '" + id + "': " + file + " has SHA-1 thumbprint "
                    + certificate.thumbprint().hex() + " but " + LIST_FILE + " expects " + expected.hex()
                    + "; the file is not the certificate the list describes");
        }
        Instant actualNotAfter = certificate.x509().getNotAfter().toInstant();
        if (!actualNotAfter.equals(notAfter)) {
            throw new RootBundleException("root '" + id + "': " + file + " expires " + actualNotAfter + " but "
                    + LIST_FILE + " says " + notAfter);
        }
        if (!certificate.identity().selfIssued() || !certificate.identity().certificateAuthority()) {
            throw new RootBundleException("root '" + id + "': " + file + " is not a self-issued CA certificate");
        }
        return new AzureRootCa(id, required(list, prefix + "sqlServerName"), certificate,
                required(list, prefix + "source"));
    }

    private static String required(Properties list, String key) {
        String value = list.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new RootBundleException(LIST_FILE + ": missing '" + key + "'");
        }
        return value.strip();
    }

    /** The date the list was made. */
    public LocalDate listDate() {
        return listDate;
    }

    /** The authority for which roots Azure uses. */
    public String authority() {
        return authority;
    }

    /** Where the certificate files were copied from. */
    public String source() {
        return source;
    }

    public List<AzureRootCa> roots() {
        return roots;
    }

    public Optional<AzureRootCa> find(String id) {
        Objects.requireNonNull(id, "id");
        return roots.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The bundled root with this thumbprint, e.g. to recognise a root found on SQL Server under any name. */
    public Optional<AzureRootCa> find(Thumbprint thumbprint) {
        Objects.requireNonNull(thumbprint, "thumbprint");
        return roots.stream().filter(r -> r.thumbprint().equals(thumbprint)).findFirst();
    }

    /** The bundle as trust anchors for {@link ChainValidator}, labelled with the bundle ids. */
    public List<TrustedRoot> trustedRoots() {
        return roots.stream().map(AzureRootCa::asTrustedRoot).toList();
    }
}
