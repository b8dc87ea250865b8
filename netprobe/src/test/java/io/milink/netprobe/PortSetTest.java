package io.milink.netprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortSetTest {

    @Test
    void linkDefaultIs5022AndTheThousandRedirectPorts() {
        PortSet set = PortSet.linkDefault();
        assertThat(set.size()).isEqualTo(1001);
        assertThat(set.ports().get(0)).isEqualTo(5022);
        assertThat(set.ports().get(1)).isEqualTo(11000);
        assertThat(set.ports().get(1000)).isEqualTo(11999);
    }

    @Test
    void parsesPortsAndRangesAscendingWithDuplicatesCountedOnce() {
        PortSet set = PortSet.parse(" 11002, 5022 ,11000-11003,5022");
        assertThat(set.ports()).containsExactly(5022, 11000, 11001, 11002, 11003);
        assertThat(set).hasToString("5022,11000-11003");
        assertThat(PortSet.parse(set.toString())).isEqualTo(set);
    }

    @Test
    void aSingleRangeOfOneAndTheExtremePortsAreAccepted() {
        assertThat(PortSet.parse("1,65535,7-7").ports()).containsExactly(1, 7, 65535);
    }

    @Test
    void aBackwardsRangeSaysHowToWriteIt() {
        assertThatThrownBy(() -> PortSet.parse("11999-11000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'11999-11000'").hasMessageContaining("backwards")
                .hasMessageContaining("11000-11999");
    }

    @Test
    void portsOutsideOneTo65535AreRefusedNamingTheItem() {
        assertThatThrownBy(() -> PortSet.parse("5022,0")).hasMessageContaining("'0'")
                .hasMessageContaining("out of range").hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> PortSet.parse("65536")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PortSet.parse("11000-99999999999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PortSet.parse("-5")).hasMessageContaining("out of range");
    }

    @Test
    void emptyListsAndEmptyItemsAreRefused() {
        assertThatThrownBy(() -> PortSet.parse("")).hasMessageContaining("no ports given");
        assertThatThrownBy(() -> PortSet.parse("   ")).hasMessageContaining("no ports given");
        assertThatThrownBy(() -> PortSet.parse("5022,,11000")).hasMessageContaining("empty item");
        assertThatThrownBy(() -> PortSet.parse("5022,")).hasMessageContaining("empty item");
    }

    @Test
    void garbageIsNotAPort() {
        assertThatThrownBy(() -> PortSet.parse("http")).hasMessageContaining("'http' is not a port or a range");
        assertThatThrownBy(() -> PortSet.parse("5022-")).hasMessageContaining("not a port or a range");
        assertThatThrownBy(() -> PortSet.parse("1-2-3")).hasMessageContaining("not a port or a range");
    }
}
