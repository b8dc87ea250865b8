package io.milink.certs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IssuerDnsNameTest {

    @Test
    void theAzureWildcardCoversAManagedInstanceFqdnWithItsDnsZoneLabel() {
        assertThat(IssuerDnsName.covers("*.database.windows.net",
                "sqlmi1.73d19f36a420a.database.windows.net")).isTrue();
        assertThat(IssuerDnsName.covers("*.DATABASE.windows.net", "Sqlmi1.Database.Windows.Net")).isTrue();
    }

    @Test
    void theWildcardDoesNotCoverTheBareSuffixOrAnotherDomain() {
        assertThat(IssuerDnsName.covers("*.database.windows.net", "database.windows.net")).isFalse();
        assertThat(IssuerDnsName.covers("*.database.windows.net", "sqlmi1.database.windows.net.evil.com")).isFalse();
        assertThat(IssuerDnsName.covers("*.database.windows.net", "sqlmi1.database.chinacloudapi.cn")).isFalse();
    }

    @Test
    void anExactRegistrationCoversOnlyThatName() {
        assertThat(IssuerDnsName.covers("mi1.zone.database.windows.net", "mi1.zone.database.windows.net")).isTrue();
        assertThat(IssuerDnsName.covers("mi1.zone.database.windows.net", "mi2.zone.database.windows.net")).isFalse();
    }
}
