package io.milink.preflight.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milink.core.azure.ArmCallException;

import org.junit.jupiter.api.Test;

/** ARM's endpoint certificate blob, as facts hold it, and an answer that is not hex as that read's failure. */
class EndpointCertificateBlobTest {

    @Test
    void hexWithOrWithoutItsPrefixBecomesUpperCaseHex() throws Exception {
        assertThat(ManagedInstanceInventory.normalizedHex(" 0x3082abCD ")).isEqualTo("3082ABCD");
        assertThat(ManagedInstanceInventory.normalizedHex("3082abcd")).isEqualTo("3082ABCD");
        assertThat(ManagedInstanceInventory.normalizedHex(null)).isNull();
    }

    @Test
    void aBlobThatIsNotHexIsAFailedReadNotACrash() {
        assertThatThrownBy(() -> ManagedInstanceInventory.normalizedHex("0xMIIBxyz"))
                .isInstanceOf(ArmCallException.class)
                .hasMessageContaining("not hexadecimal");
    }
}
