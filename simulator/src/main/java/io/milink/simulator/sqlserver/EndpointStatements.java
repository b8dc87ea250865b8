package io.milink.simulator.sqlserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.milink.simulator.engine.StatementKind;
import io.milink.simulator.sqlserver.scenario.Scenario;
import io.milink.simulator.sqlserver.state.EndpointState;
import io.milink.simulator.sqlserver.state.HadrState;
import io.milink.simulator.sqlserver.state.InstanceState;

/**
 * CREATE, ALTER and DROP ENDPOINT for the DATABASE_MIRRORING endpoint (Microsoft Learn, "CREATE ENDPOINT
 * (Transact-SQL)", "ALTER ENDPOINT (Transact-SQL)", "DROP ENDPOINT (Transact-SQL)"). Defaults as documented:
 * STATE = STOPPED, AUTHENTICATION = WINDOWS (NEGOTIATE), ENCRYPTION = REQUIRED ALGORITHM AES; ROLE is required on
 * CREATE. TSQL and SERVICE_BROKER endpoints are not modelled.
 */
final class EndpointStatements {

    /** The five system endpoints of sys.endpoints (ids 1 to 5). */
    static final Set<String> SYSTEM_ENDPOINTS = Set.of("dedicated admin connection", "tsql local machine",
            "tsql named pipes", "tsql default tcp", "tsql default via");

    private final InstanceSession session;

    EndpointStatements(InstanceSession session) {
        this.session = session;
    }

    private HadrState hadr() {
        return session.state.hadr;
    }

    /** What a CREATE/ALTER ENDPOINT statement says; null fields were not written. */
    private static final class Spec {
        Scenario.EndpointState state;
        Integer port;
        String listenerIp;
        boolean listenerIpGiven;
        String payload;
        String connectionAuthDesc;
        String certificate;
        boolean authenticationGiven;
        Scenario.EndpointEncryption encryption;
        String algorithm;
        String role;

        boolean empty() {
            return state == null && port == null && !listenerIpGiven && payload == null;
        }
    }

    /** CREATE ENDPOINT name [AUTHORIZATION login] [STATE = …] AS TCP (…) FOR DATABASE_MIRRORING (…) */
    void create(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        Spec spec = parse(s, true);
        requireOutsideTransaction("CREATE ENDPOINT");
        session.requireSysadmin();
        if (SYSTEM_ENDPOINTS.contains(name.toLowerCase(Locale.ROOT))) {
            // UNCONFIRMED number: the documented duplicate-name error of other server objects.
            throw TsqlException.statement(2714, name);
        }
        if (hadr().mirroringEndpoint() != null) {
            throw TsqlException.statement(7862);
        }
        checkCertificate(spec);
        EndpointState e = new EndpointState(name, hadr().nextEndpointId());
        e.state = spec.state == null ? Scenario.EndpointState.STOPPED : spec.state;
        e.port = spec.port;
        e.listenerIp = spec.listenerIp;
        e.connectionAuthDesc = spec.authenticationGiven ? spec.connectionAuthDesc : "NEGOTIATE";
        e.certificateName = spec.certificate;
        e.encryption = spec.encryption == null ? Scenario.EndpointEncryption.REQUIRED : spec.encryption;
        e.algorithm = spec.algorithm == null ? "AES" : spec.algorithm;
        e.role = spec.role;
        hadr().endpoints.add(e);
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /** ALTER ENDPOINT name [AUTHORIZATION login] [STATE = …] [AS TCP (…)] [FOR DATABASE_MIRRORING (…)] */
    void alter(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        Spec spec = parse(s, false);
        requireOutsideTransaction("ALTER ENDPOINT");
        EndpointState e = hadr().endpoint(name);
        if (e == null && SYSTEM_ENDPOINTS.contains(name.toLowerCase(Locale.ROOT)) && session.sysadmin) {
            throw TsqlException.notSupported("ALTER ENDPOINT of a system endpoint");
        }
        if (e == null || !session.sysadmin) {
            throw TsqlException.statement(15151, "alter", "endpoint", name);
        }
        if (spec.empty()) {
            throw TsqlException.statement(7863);
        }
        if (spec.payload != null && !spec.payload.equals("DATABASE_MIRRORING")) {
            throw TsqlException.statement(7860);
        }
        checkCertificate(spec);
        if (spec.state != null) {
            e.state = spec.state;
        }
        if (spec.port != null) {
            e.port = spec.port;
        }
        if (spec.listenerIpGiven) {
            e.listenerIp = spec.listenerIp;
        }
        if (spec.authenticationGiven) {
            e.connectionAuthDesc = spec.connectionAuthDesc;
            e.certificateName = spec.certificate;
        }
        if (spec.encryption != null) {
            e.encryption = spec.encryption;
            // ENCRYPTION = REQUIRED without ALGORITHM means the default algorithm again.
            e.algorithm = spec.algorithm == null ? "AES" : spec.algorithm;
        }
        if (spec.role != null) {
            e.role = spec.role;
        }
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /** DROP ENDPOINT name */
    void drop(int from, int to) {
        HadrSyntax s = new HadrSyntax(session, from, to);
        String name = s.identifier();
        s.end();
        requireOutsideTransaction("DROP ENDPOINT");
        if (SYSTEM_ENDPOINTS.contains(name.toLowerCase(Locale.ROOT))) {
            throw TsqlException.statement(7873, name);
        }
        EndpointState e = hadr().endpoint(name);
        if (e == null || !session.sysadmin) {
            throw TsqlException.statement(15151, "drop", "endpoint", name);
        }
        hadr().endpoints.remove(e);
        session.state.changed();
        session.done(StatementKind.OTHER);
    }

    /** "ENDPOINT DDL statements cannot be executed inside a user transaction" (CREATE ENDPOINT, Remarks). */
    private void requireOutsideTransaction(String statement) {
        if (session.trancount > 0) {
            throw TsqlException.statement(226, statement);
        }
    }

    /**
     * A certificate named by AUTHENTICATION must exist in master (15151) and be usable for endpoint authentication:
     * a private key protected by the master key and today inside its validity window (28055).
     */
    private void checkCertificate(Spec spec) {
        if (spec.certificate == null) {
            return;
        }
        InstanceState.CertificateState cert = session.state.certificate(spec.certificate);
        if (cert == null) {
            throw TsqlException.statement(15151, "find", "certificate", spec.certificate);
        }
        Instant now = Instant.now();
        if (!"MK".equals(cert.privateKeyEncryption) || now.isBefore(cert.certificate.getNotBefore().toInstant())
                || now.isAfter(cert.certificate.getNotAfter().toInstant())) {
            throw TsqlException.statement(28055, cert.name);
        }
        spec.certificate = cert.name;
    }

    private Spec parse(HadrSyntax s, boolean create) {
        Spec spec = new Spec();
        if (s.acceptWord("AUTHORIZATION")) {
            s.identifier();
        }
        if (s.acceptWord("STATE")) {
            s.symbol("=");
            spec.state = Scenario.EndpointState.valueOf(s.oneOf("STARTED", "STOPPED", "DISABLED"));
        }
        if (create || s.isWord("AS")) {
            s.word("AS");
            s.word("TCP");
            parseTcp(s, spec, create);
        }
        if (create || s.isWord("FOR")) {
            s.word("FOR");
            spec.payload = s.oneOf("TSQL", "SERVICE_BROKER", "DATABASE_MIRRORING");
            if (!spec.payload.equals("DATABASE_MIRRORING")) {
                if (create) {
                    throw TsqlException.notSupported("CREATE ENDPOINT ... FOR " + spec.payload);
                }
                s.skipParenthesized();
            } else {
                parseMirroring(s, spec, create);
            }
        }
        s.end();
        return spec;
    }

    private static void parseTcp(HadrSyntax s, Spec spec, boolean create) {
        s.symbol("(");
        boolean first = true;
        while (!s.isSymbol(")")) {
            if (!first) {
                s.acceptSymbol(",");
            }
            first = false;
            String option = s.optionName();
            switch (option) {
                case "LISTENER_PORT" -> {
                    long port = s.number();
                    if (port < 1 || port > 65535) {
                        throw TsqlException.syntaxNear(String.valueOf(port));
                    }
                    spec.port = (int) port;
                }
                case "LISTENER_IP" -> {
                    spec.listenerIpGiven = true;
                    spec.listenerIp = s.acceptWord("ALL") ? null : s.parenthesizedText();
                }
                default -> throw TsqlException.syntaxNear(option);
            }
        }
        s.symbol(")");
        if (create && spec.port == null) {
            throw TsqlException.syntaxNear(")");
        }
    }

    private static void parseMirroring(HadrSyntax s, Spec spec, boolean create) {
        s.symbol("(");
        boolean first = true;
        while (!s.isSymbol(")")) {
            if (!first) {
                s.acceptSymbol(",");
            }
            first = false;
            String option = s.optionName();
            switch (option) {
                case "AUTHENTICATION" -> parseAuthentication(s, spec);
                case "ENCRYPTION" -> {
                    spec.encryption = Scenario.EndpointEncryption.valueOf(s.oneOf("DISABLED", "SUPPORTED", "REQUIRED"));
                    if (spec.encryption != Scenario.EndpointEncryption.DISABLED && s.acceptWord("ALGORITHM")) {
                        String a = s.oneOf("AES", "RC4");
                        if (s.isWord("AES") || s.isWord("RC4")) {
                            String b = s.oneOf("AES", "RC4");
                            if (b.equals(a)) {
                                throw TsqlException.syntaxNear(b);
                            }
                            a = a + " " + b;
                        }
                        spec.algorithm = a;
                    }
                }
                case "ROLE" -> spec.role = s.oneOf("WITNESS", "PARTNER", "ALL");
                default -> throw TsqlException.syntaxNear(option);
            }
        }
        s.symbol(")");
        if (create && spec.role == null) {
            // ROLE is the one argument of FOR DATABASE_MIRRORING that has no default.
            throw TsqlException.syntaxNear(")");
        }
    }

    /**
     * WINDOWS [NTLM | KERBEROS | NEGOTIATE] [CERTIFICATE c] | CERTIFICATE c [WINDOWS [NTLM | KERBEROS | NEGOTIATE]]
     */
    private static void parseAuthentication(HadrSyntax s, Spec spec) {
        List<String> words = new ArrayList<>();
        boolean windows = false;
        boolean certificate = false;
        while (s.isWord("WINDOWS") && !windows || s.isWord("CERTIFICATE") && !certificate) {
            if (s.acceptWord("WINDOWS")) {
                windows = true;
                words.add("WINDOWS");
                if (s.isWord("NTLM") || s.isWord("KERBEROS") || s.isWord("NEGOTIATE")) {
                    words.add(s.keyword());
                }
            } else {
                s.word("CERTIFICATE");
                certificate = true;
                words.add("CERTIFICATE");
                spec.certificate = s.identifier();
            }
        }
        if (words.isEmpty()) {
            throw s.unexpected();
        }
        spec.authenticationGiven = true;
        spec.connectionAuthDesc = connectionAuthDesc(words);
        if (!certificate) {
            spec.certificate = null;
        }
    }

    /**
     * The authentication words as sys.database_mirroring_endpoints.connection_auth_desc shows them: WINDOWS alone is
     * NEGOTIATE, WINDOWS KERBEROS is KERBEROS, in the order written ("WINDOWS NEGOTIATE CERTIFICATE c" → "NEGOTIATE
     * CERTIFICATE", "CERTIFICATE c WINDOWS" → "CERTIFICATE NEGOTIATE"). Certificate names are not in {@code words}.
     */
    static String connectionAuthDesc(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toUpperCase(Locale.ROOT);
            if (w.equals("WINDOWS")) {
                String next = i + 1 < words.size() ? words.get(i + 1).toUpperCase(Locale.ROOT) : "";
                if (next.equals("NTLM") || next.equals("KERBEROS") || next.equals("NEGOTIATE")) {
                    out.add(next);
                    i++;
                } else {
                    out.add("NEGOTIATE");
                }
            } else if (w.equals("CERTIFICATE")) {
                out.add("CERTIFICATE");
            }
        }
        return String.join(" ", out);
    }
}
