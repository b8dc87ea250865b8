package io.milink.simulator.tds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

/** Splitting replies into packets of the negotiated size, and reassembling client messages. */
class PacketChannelTest {

    @Test
    void longMessageIsSplitIntoPacketsNoLargerThanTheNegotiatedSizeWithEomOnlyOnTheLast() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        PacketChannel channel = new PacketChannel(InputStream0.EMPTY, wire);
        channel.packetSize(512);
        byte[] payload = new byte[2000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        channel.writeMessage(TdsMessage.REPLY, payload);
        byte[] bytes = wire.toByteArray();
        int packets = 0;
        int pos = 0;
        ByteWriter reassembled = new ByteWriter();
        while (pos < bytes.length) {
            int length = (bytes[pos + 2] & 0xFF) << 8 | (bytes[pos + 3] & 0xFF);
            assertThat(length).isLessThanOrEqualTo(512);
            boolean last = pos + length == bytes.length;
            assertThat(bytes[pos + 1] & 0x01).isEqualTo(last ? 1 : 0);
            assertThat(bytes[pos] & 0xFF).isEqualTo(TdsMessage.REPLY);
            reassembled.bytes(bytes, pos + 8, length - 8);
            pos += length;
            packets++;
        }
        assertThat(packets).isEqualTo(4); // 2000 bytes / 504 per packet
        assertThat(reassembled.toByteArray()).isEqualTo(payload);
    }

    @Test
    void multiPacketClientMessageIsReassembledKeepingTheFirstStatus() throws Exception {
        ByteWriter wire = new ByteWriter();
        wire.u8(TdsMessage.SQL_BATCH).u8(0x08).u16be(8 + 3).u16be(0).u8(1).u8(0).bytes(new byte[] {1, 2, 3});
        wire.u8(TdsMessage.SQL_BATCH).u8(0x01).u16be(8 + 2).u16be(0).u8(2).u8(0).bytes(new byte[] {4, 5});
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire.toByteArray()), new ByteArrayOutputStream());
        TdsMessage m = channel.readMessage();
        assertThat(m.type()).isEqualTo(TdsMessage.SQL_BATCH);
        assertThat(m.resetConnection()).isTrue();
        assertThat(m.payload()).containsExactly(1, 2, 3, 4, 5);
        assertThat(channel.readMessage()).isNull();
    }

    @Test
    void negotiatedPacketSizeIsCappedAt32767And16384WithTls() {
        assertThat(TdsConnection.negotiatedPacketSize(8000, false)).isEqualTo(8000);
        assertThat(TdsConnection.negotiatedPacketSize(32767, false)).isEqualTo(32767);
        assertThat(TdsConnection.negotiatedPacketSize(65535, false)).isEqualTo(32767);
        assertThat(TdsConnection.negotiatedPacketSize(32767, true)).isEqualTo(16384);
        assertThat(TdsConnection.negotiatedPacketSize(0, false)).isEqualTo(4096);
    }

    private static final class InputStream0 {
        static final ByteArrayInputStream EMPTY = new ByteArrayInputStream(new byte[0]);
    }
}
