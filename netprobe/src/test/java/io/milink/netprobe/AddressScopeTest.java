package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

/** Address literals only: InetAddress.getByName on a literal does no DNS. */
class AddressScopeTest {

    private static AddressScope scope(String literal) throws UnknownHostException {
        return AddressScope.of(InetAddress.getByName(literal));
    }

    @Test
    void rfc1918AndSharedAndUniqueLocalArePrivate() throws Exception {
        assertThat(scope("10.0.0.4")).isEqualTo(AddressScope.PRIVATE);
        assertThat(scope("172.16.0.1")).isEqualTo(AddressScope.PRIVATE);
        assertThat(scope("172.31.255.254")).isEqualTo(AddressScope.PRIVATE);
        assertThat(scope("192.168.1.1")).isEqualTo(AddressScope.PRIVATE);
        assertThat(scope("100.64.0.1")).isEqualTo(AddressScope.PRIVATE);
        assertThat(scope("fd12:3456::1")).isEqualTo(AddressScope.PRIVATE);
    }

    @Test
    void loopbackAndLinkLocalAreNamed() throws Exception {
        assertThat(scope("127.0.0.1")).isEqualTo(AddressScope.LOOPBACK);
        assertThat(scope("::1")).isEqualTo(AddressScope.LOOPBACK);
        assertThat(scope("169.254.10.1")).isEqualTo(AddressScope.LINK_LOCAL);
        assertThat(scope("fe80::1")).isEqualTo(AddressScope.LINK_LOCAL);
    }

    @Test
    void neighboursOfPrivateRangesArePublic() throws Exception {
        assertThat(scope("172.32.0.1")).isEqualTo(AddressScope.PUBLIC);
        assertThat(scope("100.128.0.1")).isEqualTo(AddressScope.PUBLIC);
        assertThat(scope("20.38.1.1")).isEqualTo(AddressScope.PUBLIC);
        assertThat(scope("2603:1000::1")).isEqualTo(AddressScope.PUBLIC);
    }

    @Test
    void aPublicAnswerForTheManagedInstanceIsAWarning() throws Exception {
        HostResolver fake = host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {20, 38, 1, 1})};
        DnsFacts facts = fake.resolve("mi.public.example");
        assertThat(facts.anyPublic()).isTrue();
        assertThat(facts.warnings()).singleElement().asString().contains("20.38.1.1 is a public address")
                .contains("VNet-local");
    }

    @Test
    void aPrivateAnswerHasNoWarning() throws Exception {
        HostResolver fake = host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 4})};
        assertThat(fake.resolve("mi.private.example").warnings()).isEmpty();
    }
}
