package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void containsOnlyAddressesInsideTheRange() {
        Cidr subnet = Cidr.parse("10.0.1.0/24");
        assertThat(subnet.contains("10.0.1.0")).isTrue();
        assertThat(subnet.contains("10.0.1.255")).isTrue();
        assertThat(subnet.contains("10.0.2.0")).isFalse();
        assertThat(subnet.contains("10.0.0.255")).isFalse();
        assertThat(subnet.contains("fd00::1")).isFalse();
        assertThat(Cidr.parse("fd00::/64").contains("fd00::4")).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
    }

    @Test
    void overlapIsAnySharedAddress() {
        assertThat(Cidr.parse("10.0.0.0/16").overlaps(Cidr.parse("10.0.1.0/24"))).isTrue();
        assertThat(Cidr.parse("10.0.1.0/24").overlaps(Cidr.parse("10.0.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.0.1.0/24").overlaps(Cidr.parse("10.0.2.0/24"))).isFalse();
        assertThat(Cidr.parse("10.0.1.0/24").overlaps(Cidr.parse("fd00::/8"))).isFalse();
    }

    @Test
    void badRangesSayWhatIsWrongAndNamesAreNeverLookedUp() {
        assertThatThrownBy(() -> Cidr.parse("10.0.1.0")).hasMessageContaining("not an address range");
        assertThatThrownBy(() -> Cidr.parse("10.0.1.0/33")).hasMessageContaining("/33 is out of range");
        assertThatThrownBy(() -> Cidr.parse("mi.example/24")).hasMessageContaining("not an IP address literal");
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("no address range");
    }
}
