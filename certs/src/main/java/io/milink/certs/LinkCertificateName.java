package io.milink.certs;

import io.milink.core.Tsql;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Names the SQL Server link certificate. Microsoft's scripts name it {@code Cert_} + {@code @@SERVERNAME} +
 * {@code _endpoint} and, in the same page, say a certificate name must not contain {@code \}
 * (mi-link-workflow.md section 3.2). On a named instance {@code @@SERVERNAME} is {@code HOST\INSTANCE}, so the
 * documented formula itself breaks the documented rule; milink replaces every {@code \} with {@code _}:
 * {@code SQL01\PROD} gives {@code Cert_SQL01_PROD_endpoint}.
 */
public final class LinkCertificateName {

    private static final DateTimeFormatter COMPACT_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private LinkCertificateName() {
    }

    /** {@code Cert_<server>_endpoint}, with {@code \} replaced by {@code _}. */
    public static String forServer(String serverName) {
        return checked("Cert_" + server(serverName) + "_endpoint");
    }

    /**
     * The name of a replacement certificate during rotation: the documented name plus the day it was made, so old
     * and new can coexist ({@code Cert_SQL01_PROD_endpoint_20261122}).
     */
    public static String forRotation(String serverName, LocalDate createdOn) {
        Objects.requireNonNull(createdOn, "createdOn");
        return checked("Cert_" + server(serverName) + "_endpoint_" + COMPACT_DATE.format(createdOn));
    }

    /** The subject Microsoft's script gives the certificate: {@code Certificate for <name>}. */
    public static String subjectFor(String certificateName) {
        return "Certificate for " + certificateName;
    }

    private static String server(String serverName) {
        Objects.requireNonNull(serverName, "serverName");
        String s = serverName.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("@@SERVERNAME is empty; cannot derive a certificate name");
        }
        return s.replace('\\', '_');
    }

    private static String checked(String name) {
        Tsql.quoteName(name); // enforces sysname's 128-character limit and no control characters
        return name;
    }
}
