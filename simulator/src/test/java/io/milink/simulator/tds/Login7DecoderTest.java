package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** LOGIN7 decoding: names, password de-obfuscation, FeatureExt, and a request that never shows the password. */
class Login7DecoderTest {

    @Test
    void decodesUserNameAndDeobfuscatesThePassword() {
        Login7Decoder.Login7 login = Login7Decoder.decode(RawTdsClient.login7("milink", "pä$$wörd"));
        assertThat(login.request().userName()).isEqualTo("milink");
        assertThat(login.request().password()).isEqualTo("pä$$wörd");
        assertThat(login.request().hostName()).isEqualTo("rawhost");
        assertThat(login.request().packetSize()).isEqualTo(4096);
        assertThat(login.tdsVersion()).isEqualTo(0x74000004);
        assertThat(login.hasFeatureExt()).isFalse();
        assertThat(login.request().toString()).doesNotContain("pä$$wörd");
    }

    @Test
    void readsTheFeatureExtBlockThroughTheExtensionPointer() {
        byte[] base = RawTdsClient.login7("sa", "x");
        // Append: DWORD pointer to the block, then UTF8_SUPPORT(1 byte) and SESSIONRECOVERY(0 bytes), 0xFF.
        int pointerAt = base.length;
        int blockAt = pointerAt + 4;
        ByteWriter w = new ByteWriter().bytes(base).u32(blockAt).u8(0x0A).u32(1).u8(1).u8(0x01).u32(0).u8(0xFF);
        byte[] login = w.toByteArray();
        login[27] = 0x10; // OptionFlags3: FeatureExt present
        login[56] = (byte) pointerAt;
        login[57] = (byte) (pointerAt >>> 8);
        login[58] = 4;
        Login7Decoder.Login7 decoded = Login7Decoder.decode(login);
        assertThat(decoded.hasFeatureExt()).isTrue();
        assertThat(decoded.features()).containsExactly(0x0A, 0x01);
    }

    @Test
    void truncatedLoginIsAProtocolError() {
        byte[] login = RawTdsClient.login7("sa", "x");
        assertThatThrownBy(() -> Login7Decoder.decode(Arrays.copyOf(login, 60))).isInstanceOf(TdsProtocolException.class);
        assertThatThrownBy(() -> Login7Decoder.decode(Arrays.copyOf(login, 100))).isInstanceOf(TdsProtocolException.class);
    }
}
