package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LinkCertificateNameTest {

    @Test
    void followsMicrosoftsFormulaForADefaultInstance() {
        assertThat(LinkCertificateName.forServer("SQL01")).isEqualTo("Cert_SQL01_endpoint");
        assertThat(LinkCertificateName.subjectFor("Cert_SQL01_endpoint")).isEqualTo("Certificate for Cert_SQL01_endpoint");
    }

    @Test
    void replacesTheBackslashOfANamedInstanceWhichCertificateNamesMustNotContain() {
        assertThat(LinkCertificateName.forServer("SQL01\\PROD")).isEqualTo("Cert_SQL01_PROD_endpoint")
                .doesNotContain("\\");
    }

    @Test
    void datesTheNameOfARotationCertificateSoOldAndNewCoexist() {
        assertThat(LinkCertificateName.forRotation("SQL01\\PROD", LocalDate.of(2026, 11, 22)))
                .isEqualTo("Cert_SQL01_PROD_endpoint_20261122");
    }

    @Test
    void refusesEmptyAndOverlongServerNames() {
        assertThatThrownBy(() -> LinkCertificateName.forServer("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkCertificateName.forServer("S".repeat(120)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
    }
}
