package io.milink.simulator.sqlserver.state;

import io.milink.simulator.sqlserver.scenario.Scenario;

/**
 * The instance's DATABASE_MIRRORING endpoint (SQL Server allows one), as sys.endpoints,
 * sys.database_mirroring_endpoints and sys.tcp_endpoints show it (Microsoft Learn, CREATE ENDPOINT and the three
 * catalog view pages).
 */
public final class EndpointState {
    public final String name;
    /** sys.endpoints.endpoint_id: user endpoints start at 65536. */
    public final int id;
    public int port;
    /** LISTENER_IP: null for ALL, else the address written in the parentheses (sys.tcp_endpoints.ip_address). */
    public String listenerIp;
    public Scenario.EndpointState state;
    /**
     * sys.database_mirroring_endpoints.connection_auth_desc, one of NTLM, KERBEROS, NEGOTIATE, CERTIFICATE,
     * NTLM CERTIFICATE, KERBEROS CERTIFICATE, NEGOTIATE CERTIFICATE, CERTIFICATE NTLM, CERTIFICATE KERBEROS,
     * CERTIFICATE NEGOTIATE.
     */
    public String connectionAuthDesc;
    public Scenario.EndpointEncryption encryption;
    /** AES, RC4, AES RC4 or RC4 AES (the ALGORITHM clause). */
    public String algorithm;
    /** The certificate of AUTHENTICATION = … CERTIFICATE c, or null for Windows authentication only. */
    public String certificateName;
    /** ALL, PARTNER or WITNESS. */
    public String role;

    public EndpointState(String name, int id) {
        this.name = name;
        this.id = id;
    }

    public boolean usesCertificate(String certificate) {
        return certificateName != null && certificate != null && certificateName.equalsIgnoreCase(certificate);
    }
}
