package dev.sagastack.local.dynamodb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A record's eventID (DynamoDB Streams API Reference, "Record": a globally unique identifier for the
 * event) is 32 hex digits built from its two random longs, and survives the durable encoding as is.
 */
class StreamRecordTest {

    @Test
    void eventIdIs32HexDigitsAndSurvivesEncoding() {
        StreamRecord r = new StreamRecord(42, 0x0123456789abcdefL, -1L, "INSERT", 1_000, new byte[] {1}, null,
                new byte[] {2, 3}, 7, false);
        assertThat(r.eventId()).isEqualTo("0123456789abcdefffffffffffffffff");
        StreamRecord back = StreamRecord.decode(r.encode());
        assertThat(back.eventId()).isEqualTo(r.eventId());
        assertThat(back.sequenceNumber()).isEqualTo(42);
        assertThat(back.newImage()).containsExactly(2, 3);
        assertThat(back.oldImage()).isNull();
        StreamRecord other = new StreamRecord(43, 0, 1, "REMOVE", 1_000, new byte[] {1}, null, null, 1, true);
        assertThat(other.eventId()).isEqualTo("00000000000000000000000000000001").isNotEqualTo(r.eventId());
    }
}
