package io.milink.simulator.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.milink.simulator.pki.CertificateIssuer;
import io.milink.simulator.pki.IssuedCertificate;

class TrustCertificateRoutesTest {

    private ArmTwin twin;
    private ArmTestClient client;

    @BeforeEach
    void start() {
        twin = TwinFixture.ready();
        client = new ArmTestClient(twin);
    }

    @AfterEach
    void stop() {
        twin.close();
    }

    private static IssuedCertificate sqlServerCertificate() {
        return CertificateIssuer.selfSigned("SQL01 DBM endpoint", Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(86_400));
    }

    /** The upload body as the ServerTrustCertificatesCreate example sends it: hex without 0x. */
    private static String upload(byte[] der) {
        return "{\"properties\":{\"publicBlob\":\"" + HexFormat.of().withUpperCase().formatHex(der) + "\"}}";
    }

    @Test
    void createIsALongRunningOperationThatStoresTheCertificateWhenItSucceeds() {
        IssuedCertificate cert = sqlServerCertificate();
        ArmTestClient.Response created = client.put(client.mi("/serverTrustCertificates/SQL01_cert"), upload(cert.der()));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Azure-AsyncOperation")).contains("/locations/westeurope/serverTrustCertificatesAzureAsyncOperation/");
        assertThat(created.header("Location")).contains("/serverTrustCertificatesOperationResults/");
        assertThat(created.header("Retry-After")).isEqualTo("0");
        assertThat(client.get(client.mi("/serverTrustCertificates/SQL01_cert")).status())
                .as("not there before the operation completes").isEqualTo(404);

        ArmTestClient.Response first = client.getUrl(created.header("Azure-AsyncOperation"));
        assertThat(first.body().path("status").asText()).isEqualTo("InProgress");
        JsonNode done = client.pollAsyncOperation(created.header("Azure-AsyncOperation"));
        assertThat(done.path("status").asText()).isEqualTo("Succeeded");

        JsonNode stored = client.get(client.mi("/serverTrustCertificates/SQL01_cert")).body();
        assertThat(stored.path("properties").path("certificateName").asText()).isEqualTo("SQL01_cert");
        assertThat(stored.path("properties").path("thumbprint").asText()).matches("[0-9A-F]{40}");
        assertThat(stored.path("properties").path("publicBlob").asText()).isEqualTo(HexFormat.of().withUpperCase().formatHex(cert.der()));
        assertThat(client.get(client.mi("/serverTrustCertificates")).body().path("value")).hasSize(1);
        assertThat(twin.instance().trustCertificateNames()).containsExactly("SQL01_cert");
    }

    @Test
    void uploadingTheSameCertificateAgainUnderItsNameIs200() {
        IssuedCertificate cert = sqlServerCertificate();
        client.pollAsyncOperation(client.put(client.mi("/serverTrustCertificates/c1"), upload(cert.der())).header("Azure-AsyncOperation"));
        ArmTestClient.Response again = client.put(client.mi("/serverTrustCertificates/c1"), upload(cert.der()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Azure-AsyncOperation")).isNull();
    }

    @Test
    void theSameCertificateUnderAnotherNameOrAnotherCertificateUnderTheNameIsCertificateAlreadyExists() {
        IssuedCertificate cert = sqlServerCertificate();
        client.pollAsyncOperation(client.put(client.mi("/serverTrustCertificates/c1"), upload(cert.der())).header("Azure-AsyncOperation"));
        ArmTestClient.Response otherName = client.put(client.mi("/serverTrustCertificates/c2"), upload(cert.der()));
        assertThat(otherName.status()).isEqualTo(400);
        assertThat(otherName.errorCode()).isEqualTo("CertificateAlreadyExists");
        ArmTestClient.Response otherCert = client.put(client.mi("/serverTrustCertificates/c1"), upload(sqlServerCertificate().der()));
        assertThat(otherCert.errorCode()).isEqualTo("CertificateAlreadyExists");
    }

    @Test
    void aBareKeyGarbageOrNothingIsRejectedAtOnce() {
        byte[] publicKeyOnly = sqlServerCertificate().keyPair().getPublic().getEncoded();
        ArmTestClient.Response bareKey = client.put(client.mi("/serverTrustCertificates/k"), upload(publicKeyOnly));
        assertThat(bareKey.status()).isEqualTo(400);
        assertThat(bareKey.errorCode()).isEqualTo("InvalidPublicBlob");
        assertThat(client.put(client.mi("/serverTrustCertificates/g"), "{\"properties\":{\"publicBlob\":\"not hex!\"}}").errorCode())
                .isEqualTo("InvalidPublicBlob");
        assertThat(client.put(client.mi("/serverTrustCertificates/e"), "{\"properties\":{}}").errorCode()).isEqualTo("MissingPublicBlob");
        assertThat(client.put(client.mi("/serverTrustCertificates/n"), "{not json").errorCode()).isEqualTo("MissingPublicBlob");
        assertThat(twin.instance().trustCertificateNames()).isEmpty();
    }

    @Test
    void pemTextIsNotAPublicBlob() {
        String pem = sqlServerCertificate().pem().replace("\n", "\\n");
        assertThat(client.put(client.mi("/serverTrustCertificates/p"), "{\"properties\":{\"publicBlob\":\"" + pem + "\"}}").errorCode())
                .isEqualTo("InvalidPublicBlob");
    }

    @Test
    void deleteIs202ThenGoneAndDeletingWhatIsAbsentIs204() {
        client.pollAsyncOperation(client.put(client.mi("/serverTrustCertificates/c1"), upload(sqlServerCertificate().der()))
                .header("Azure-AsyncOperation"));
        ArmTestClient.Response deleting = client.delete(client.mi("/serverTrustCertificates/c1"));
        assertThat(deleting.status()).isEqualTo(202);
        assertThat(client.getUrl(deleting.header("Location")).status()).isEqualTo(202);
        ArmTestClient.Response done = client.pollLocation(deleting.header("Location"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).isNull();
        assertThat(client.get(client.mi("/serverTrustCertificates/c1")).errorCode()).isEqualTo("ResourceNotFound");
        assertThat(client.delete(client.mi("/serverTrustCertificates/c1")).status()).isEqualTo(204);
    }

    @Test
    void aStoppedInstanceRefusesUploads() {
        twin.instance().setState(ManagedInstanceScenario.State.Stopped);
        ArmTestClient.Response r = client.put(client.mi("/serverTrustCertificates/c1"), upload(sqlServerCertificate().der()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("ManagedInstanceStoppingOrStopped");
    }
}
