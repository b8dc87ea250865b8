package io.milink.core.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The managed instance's server trust certificates (arm-api.md §2.2): where SQL Server's endpoint certificate is
 * uploaded so the instance trusts it. Blocking: call from a worker thread, never an event loop.
 */
public final class ServerTrustCertificates {

    private static final String PATH = "/serverTrustCertificates";

    private final ArmCalls arm;

    ServerTrustCertificates(ArmCalls arm) {
        this.arm = arm;
    }

    public List<ServerTrustCertificate> list() throws ArmCallException {
        List<ServerTrustCertificate> result = new ArrayList<>();
        for (JsonNode c : arm.list(PATH)) {
            result.add(ServerTrustCertificate.fromJson(c));
        }
        return result;
    }

    /** Empty when the instance has no certificate of that name. */
    public Optional<ServerTrustCertificate> get(String name) throws ArmCallException {
        return arm.getIfPresent(PATH + "/" + ArmPathSegment.segment("trust certificate name", name)).map(ServerTrustCertificate::fromJson);
    }

    /**
     * Uploads a certificate and waits until the instance holds it. Uploading the same certificate under the same
     * name again is answered at once (200); a different certificate under a taken name, or this certificate under
     * another name, is refused with {@code CertificateAlreadyExists}.
     *
     * @param publicBlobHex the DER certificate as hex; a leading {@code 0x} (as T-SQL prints it) is removed
     */
    public ServerTrustCertificate put(String name, String publicBlobHex) throws ArmCallException {
        JsonNode result = arm.runOperation(HttpMethod.PUT, PATH + "/" + ArmPathSegment.segment("trust certificate name", name), body(publicBlobHex));
        return ServerTrustCertificate.fromJson(result != null ? result : arm.get(PATH + "/" + ArmPathSegment.segment("trust certificate name", name)));
    }

    /**
     * Uploads a certificate and waits until ARM's operation has succeeded, without reading the certificate back: one
     * GET fewer than {@link #put}, for a caller that observes the instance afterwards anyway (the link engine does).
     * Refused as {@link #put} is. {@code listener} is told the operation's status URL once Azure accepts it.
     */
    public void putWithoutReadBack(String name, String publicBlobHex, AcceptedOperation.Listener listener)
            throws ArmCallException {
        arm.runOperationWithoutResult(HttpMethod.PUT, PATH + "/" + ArmPathSegment.segment("trust certificate name", name), body(publicBlobHex), listener);
    }

    /** The request body; a leading {@code 0x} (as T-SQL prints it) is removed. */
    private static JsonNode body(String publicBlobHex) {
        String hex = publicBlobHex.strip();
        if (hex.regionMatches(true, 0, "0x", 0, 2)) {
            hex = hex.substring(2);
        }
        return LinkRequests.trustCertificate(hex.toUpperCase(Locale.ROOT));
    }

    /** Removes the certificate and waits until it is gone; removing one that does not exist is not an error. */
    public void delete(String name) throws ArmCallException {
        delete(name, AcceptedOperation.Listener.NONE);
    }

    /** As {@link #delete(String)}, telling {@code listener} the operation's status URL once accepted. */
    public void delete(String name, AcceptedOperation.Listener listener) throws ArmCallException {
        arm.runOperationWithoutResult(HttpMethod.DELETE, PATH + "/" + ArmPathSegment.segment("trust certificate name", name), null, listener);
    }
}
