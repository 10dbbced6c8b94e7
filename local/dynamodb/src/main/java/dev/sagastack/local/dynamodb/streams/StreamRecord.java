package dev.sagastack.local.dynamodb.streams;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One change record of a stream. Keys and images are held in {@link
 * dev.sagastack.local.dynamodb.engine.ItemCodec} form; images are null when the stream's view type
 * does not carry them. The event id's 128 random bits are kept as two longs and written out as 32 hex
 * digits only when the record is read, so a write allocates no id text.
 */
public record StreamRecord(
        long sequenceNumber,
        long eventIdHigh,
        long eventIdLow,
        String eventName,
        long creationEpochMillis,
        byte[] keys,
        byte[] oldImage,
        byte[] newImage,
        int sizeBytes,
        boolean removedByTtl) {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The event id as DynamoDB shows it: 32 lower-case hex digits. */
    public String eventId() {
        char[] id = new char[32];
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (eventIdHigh >>> (60 - i * 4)) & 0xf];
            id[16 + i] = HEX[(int) (eventIdLow >>> (60 - i * 4)) & 0xf];
        }
        return new String(id);
    }

    public String sequenceNumberText() {
        return formatSequenceNumber(sequenceNumber);
    }

    public static String formatSequenceNumber(long sequenceNumber) {
        String digits = Long.toString(sequenceNumber);
        return "0".repeat(Math.max(0, 21 - digits.length())) + digits;
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sizeBytes);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(sequenceNumber);
            out.writeUTF(eventId());
            out.writeUTF(eventName);
            out.writeLong(creationEpochMillis);
            writeBytes(out, keys);
            writeBytes(out, oldImage);
            writeBytes(out, newImage);
            out.writeInt(sizeBytes);
            out.writeBoolean(removedByTtl);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StreamRecord decode(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            long sequenceNumber = in.readLong();
            String eventId = in.readUTF();
            return new StreamRecord(sequenceNumber, Long.parseUnsignedLong(eventId.substring(0, 16), 16),
                    Long.parseUnsignedLong(eventId.substring(16), 16), in.readUTF(), in.readLong(), readBytes(in),
                    readBytes(in), readBytes(in), in.readInt(), in.readBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
