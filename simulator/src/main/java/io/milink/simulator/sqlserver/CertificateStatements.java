package io.milink.simulator.sqlserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.milink.simulator.engine.Column;
import io.milink.simulator.engine.ResultTable;
import io.milink.simulator.engine.SqlType;
import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.sqlserver.state.InstanceState;
import io.milink.simulator.sqlserver.tsql.Token;

/**
 * CREATE/DROP MASTER KEY, CREATE/DROP CERTIFICATE and the issuer procedures. The twin keeps keys and certificates in
 * master (where the MI link needs them); in another database these statements are reported as not supported.
 * The master key's password is parsed and dropped: it is never stored, logged or echoed.
 */
final class CertificateStatements {

    private final InstanceSession session;

    CertificateStatements(InstanceSession session) {
        this.session = session;
    }

    private InstanceState state() {
        return session.state;
    }

    private void requireMaster(String what) {
        if (!session.database.equalsIgnoreCase("master")) {
            throw TsqlException.notSupported(what + " outside master (the twin keeps keys and certificates in master)");
        }
    }

    /** CREATE MASTER KEY ENCRYPTION BY PASSWORD = '…' */
    void createMasterKey(int from, int to) {
        expectWords(from, "ENCRYPTION", "BY", "PASSWORD");
        if (!session.token(from + 3).isSymbol("=") || session.token(from + 4).type() != Token.Type.STRING
                || from + 5 != to) {
            throw TsqlException.syntaxNear(session.token(Math.min(from + 4, to - 1)).text().startsWith("'")
                    ? "=" : session.token(Math.min(from + 4, to - 1)).text());
        }
        session.requireSysadmin();
        requireMaster("CREATE MASTER KEY");
        if (state().masterKeyCreated != null) {
            throw TsqlException.statement(15578);
        }
        state().masterKeyCreated = Instant.now();
        state().changed();
        session.done(StatementKind.OTHER);
    }

    void dropMasterKey() {
        session.requireSysadmin();
        requireMaster("DROP MASTER KEY");
        if (state().masterKeyCreated == null) {
            throw TsqlException.statement(15151, "drop", "master key", "##MS_DatabaseMasterKey##");
        }
        state().masterKeyCreated = null;
        state().changed();
        session.done(StatementKind.OTHER);
    }

    private void expectWords(int at, String... words) {
        for (int i = 0; i < words.length; i++) {
            if (!session.token(at + i).isWord(words[i])) {
                throw TsqlException.syntaxNear(session.token(at + i).text());
            }
        }
    }

    /**
     * CREATE CERTIFICATE name [AUTHORIZATION owner] { FROM BINARY = 0x… | FROM FILE = '…' | [ENCRYPTION BY PASSWORD
     * = '…'] WITH SUBJECT = '…' [, START_DATE = '…'] [, EXPIRY_DATE = '…'] } [ACTIVE FOR BEGIN_DIALOG = ON|OFF]
     */
    void createCertificate(int from, int to) {
        Token nameToken = session.token(from);
        if (!nameToken.isIdentifier()) {
            throw TsqlException.syntaxNear(nameToken.text());
        }
        String name = nameToken.value();
        int i = from + 1;
        if (session.token(i).isWord("AUTHORIZATION")) {
            i += 2;
        }
        X509Certificate certificate;
        String privateKey;
        if (session.token(i).isWord("FROM")) {
            Token source = session.token(i + 1);
            if (!session.token(i + 2).isSymbol("=")) {
                throw TsqlException.syntaxNear(session.token(i + 2).text());
            }
            Token value = session.token(i + 3);
            if (source.isWord("BINARY") && value.type() == Token.Type.BINARY) {
                checkPermissionsAndName(name);
                certificate = parse(hexBytes(value.value()), 15468);
            } else if (source.isWord("FILE") && value.type() == Token.Type.STRING) {
                checkPermissionsAndName(name);
                certificate = readFile(value.value());
            } else if (source.isWord("ASSEMBLY") || source.isWord("EXECUTABLE")) {
                throw TsqlException.notSupported("CREATE CERTIFICATE FROM " + source.text().toUpperCase(Locale.ROOT));
            } else {
                throw TsqlException.syntaxNear(value.text());
            }
            privateKey = "NA";
            if (session.token(i + 4).isWord("WITH") && session.token(i + 5).isWord("PRIVATE")) {
                throw TsqlException.notSupported("CREATE CERTIFICATE ... WITH PRIVATE KEY");
            }
        } else {
            boolean password = false;
            if (session.token(i).isWord("ENCRYPTION")) {
                expectWords(i, "ENCRYPTION", "BY", "PASSWORD");
                if (!session.token(i + 3).isSymbol("=") || session.token(i + 4).type() != Token.Type.STRING) {
                    throw TsqlException.syntaxNear(session.token(i + 3).text());
                }
                password = true;
                i += 5;
            }
            if (!session.token(i).isWord("WITH")) {
                throw TsqlException.syntaxNear(session.token(i).text());
            }
            i++;
            String subject = null;
            Instant start = null;
            Instant expiry = null;
            while (i < to) {
                Token option = session.token(i);
                if (option.isWord("ACTIVE")) {
                    break;
                }
                if (!session.token(i + 1).isSymbol("=") || session.token(i + 2).type() != Token.Type.STRING) {
                    throw TsqlException.syntaxNear(session.token(i + 1).text());
                }
                String v = session.token(i + 2).value();
                switch (option.upper()) {
                    case "SUBJECT" -> subject = v;
                    case "START_DATE" -> start = date(v);
                    case "EXPIRY_DATE" -> expiry = date(v);
                    default -> throw TsqlException.syntaxNear(option.text());
                }
                i += 3;
                if (session.token(i).isSymbol(",")) {
                    i++;
                }
            }
            if (subject == null) {
                throw TsqlException.syntaxNear(session.token(to - 1).text());
            }
            checkPermissionsAndName(name);
            if (!password && state().masterKeyCreated == null) {
                throw TsqlException.statement(15581);
            }
            // START_DATE defaults to now and EXPIRY_DATE to one year after it (Microsoft Learn, CREATE CERTIFICATE).
            Instant notBefore = start == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : start;
            Instant notAfter = expiry == null ? notBefore.plus(365, ChronoUnit.DAYS) : expiry;
            if (!notAfter.isAfter(notBefore)) {
                throw TsqlException.statement(15468);
            }
            certificate = CertificateIssuer.selfSigned(subject, notBefore, notAfter).certificate();
            privateKey = password ? "PW" : "MK";
        }
        InstanceState.CertificateState cert = new InstanceState.CertificateState(name, state().nextCertificateId(),
                certificate, privateKey);
        for (InstanceState.CertificateState existing : state().certificates.values()) {
            if (Arrays.equals(existing.thumbprint, cert.thumbprint)) {
                throw TsqlException.statement(15232, name);
            }
        }
        state().certificates.put(InstanceState.key(name), cert);
        state().changed();
        session.done(StatementKind.OTHER);
    }

    private void checkPermissionsAndName(String name) {
        session.requireSysadmin();
        requireMaster("CREATE CERTIFICATE");
        if (state().certificate(name) != null) {
            throw TsqlException.statement(15232, name);
        }
    }

    private static byte[] hexBytes(String hex) {
        String even = hex.length() % 2 == 1 ? "0" + hex : hex;
        return HexFormat.of().parseHex(even);
    }

    private static X509Certificate parse(byte[] bytes, int errorNumber) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
        } catch (CertificateException | RuntimeException e) {
            throw TsqlException.statement(errorNumber);
        }
    }

    /** Reads a DER (or PEM) certificate file from the twin host's file system. */
    private static X509Certificate readFile(String path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw TsqlException.statement(15208);
        }
        return parse(bytes, 15208);
    }

    /** Dates as CREATE CERTIFICATE accepts them: '2026-12-31', '20261231', '12/31/2026' (mdy), with optional time. */
    private static Instant date(String text) {
        String t = text.trim();
        List<DateTimeFormatter> dateTimes = List.of(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"), DateTimeFormatter.ofPattern("M/d/yyyy HH:mm:ss"),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        for (DateTimeFormatter f : dateTimes) {
            try {
                return LocalDateTime.parse(t, f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        List<DateTimeFormatter> dates = List.of(DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.BASIC_ISO_DATE,
                DateTimeFormatter.ofPattern("M/d/yyyy"), DateTimeFormatter.ofPattern("M-d-yyyy"));
        for (DateTimeFormatter f : dates) {
            try {
                return LocalDate.parse(t, f).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw TsqlException.statement(241);
    }

    /** DROP CERTIFICATE name */
    void dropCertificate(int from, int to) {
        Token nameToken = session.token(from);
        if (!nameToken.isIdentifier() || to != from + 1) {
            throw TsqlException.syntaxNear(nameToken.text());
        }
        InstanceState.CertificateState cert = state().certificate(nameToken.value());
        if (cert == null || !session.sysadmin || !session.database.equalsIgnoreCase("master")) {
            throw TsqlException.statement(15151, "drop", "certificate", nameToken.value());
        }
        if (state().hadr.endpoints.stream().anyMatch(e -> e.usesCertificate(cert.name))) {
            // "Certificates can only be dropped if no entities are associated with them" (DROP CERTIFICATE): drop or
            // alter the endpoint first. UNCONFIRMED number: the documented error for a certificate still in use.
            throw TsqlException.statement(15352, "certificate");
        }
        state().certificates.remove(InstanceState.key(cert.name));
        state().issuers.removeIf(r -> r.certificateId() == cert.id);
        state().changed();
        session.done(StatementKind.OTHER);
    }

    /** sp_certificate_add_issuer @certificate_id, @dns_name */
    void addIssuer(Object certificateId, Object dnsName) {
        session.requireSysadmin();
        InstanceState.CertificateState cert = certificateId instanceof Number n ? state().certificateById(n.intValue()) : null;
        if (cert == null) {
            // UNCONFIRMED: the procedure's error for an unknown id is undocumented; the twin uses 15151's wording.
            throw TsqlException.statement(15151, "find", "certificate", String.valueOf(certificateId));
        }
        String dns = dnsName == null ? "" : dnsName.toString();
        for (InstanceState.IssuerRegistration r : state().issuers) {
            if (r.certificateId() == cert.id && r.dnsName().equalsIgnoreCase(dns)) {
                throw TsqlException.statement(ErrorCatalog.ISSUER_ALREADY_ADDED, cert.name, dns);
            }
        }
        state().issuers.add(new InstanceState.IssuerRegistration(cert.id, dns));
        state().changed();
        session.done(StatementKind.EXECUTE);
    }

    /** sys.sp_certificate_issuers: (certificateid int, dnsname nvarchar(128)), as SQL LogScout reads it. */
    void listIssuers() {
        List<Object[]> rows = new ArrayList<>();
        for (InstanceState.IssuerRegistration r : state().issuers) {
            rows.add(new Object[] {r.certificateId(), r.dnsName()});
        }
        session.sink.table(new ResultTable(List.of(new Column("certificateid", SqlType.integer(), false),
                new Column("dnsname", SqlType.nvarchar(128), false)), rows));
        session.sink.statementDone(StatementKind.EXECUTE, rows.size(), false);
    }
}
