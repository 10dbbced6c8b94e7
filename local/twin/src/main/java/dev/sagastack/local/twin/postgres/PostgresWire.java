package dev.sagastack.local.twin.postgres;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few messages of the PostgreSQL frontend/backend protocol, version 3.0, the proxy front reads and writes
 * (PostgreSQL documentation, "Frontend/Backend Protocol": "Message Flow", "Message Formats"): the untyped start-up
 * packets (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage), typed messages, AuthenticationOk /
 * AuthenticationCleartextPassword, PasswordMessage and ErrorResponse.
 */
final class PostgresWire {

    static final int PROTOCOL_3_0 = 196608;
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    /** Start-up packets are small; a longer length is a client speaking something else. */
    static final int MAX_STARTUP_LENGTH = 10_000;
    static final int MAX_MESSAGE_LENGTH = 1 << 20;

    /** An untyped start-up packet: its code and the bytes after it. */
    record StartupPacket(int code, byte[] payload) {
    }

    /** A typed message: its type byte and its body (after the length). */
    record Message(char type, byte[] body) {
        int authCode() {
            return ByteBuffer.wrap(body, 0, 4).getInt();
        }
    }

    private PostgresWire() {
    }

    static StartupPacket readStartup(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new IOException("not a PostgreSQL start-up packet (length " + length + ")");
        }
        int code = data.readInt();
        byte[] payload = new byte[length - 8];
        data.readFully(payload);
        return new StartupPacket(code, payload);
    }

    static Message readMessage(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed");
        }
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (length < 4 || length > MAX_MESSAGE_LENGTH) {
            throw new IOException("message " + (char) type + " has length " + length);
        }
        byte[] body = new byte[length - 4];
        data.readFully(body);
        return new Message((char) type, body);
    }

    /** The StartupMessage's parameters: name, value, ..., terminated by an empty name. */
    static Map<String, String> parameters(byte[] payload) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            int nameEnd = indexOfZero(payload, i);
            int valueEnd = indexOfZero(payload, nameEnd + 1);
            out.put(new String(payload, i, nameEnd - i, StandardCharsets.UTF_8),
                    new String(payload, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
            i = valueEnd + 1;
        }
        return out;
    }

    static byte[] startupMessage(Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parameters.forEach((name, value) -> {
            cString(body, name);
            cString(body, value);
        });
        body.write(0);
        byte[] bytes = body.toByteArray();
        return ByteBuffer.allocate(8 + bytes.length).putInt(8 + bytes.length).putInt(PROTOCOL_3_0).put(bytes).array();
    }

    /** The text of a PasswordMessage ({@code p}), without its terminating zero. */
    static String password(Message message) {
        int end = indexOfZero(message.body(), 0);
        return new String(message.body(), 0, end, StandardCharsets.UTF_8);
    }

    static byte[] passwordMessage(String password) {
        return typed('p', cString(password));
    }

    /** AuthenticationCleartextPassword: the password in clear text (the channel is TLS). */
    static byte[] cleartextPasswordRequest() {
        return typed('R', ByteBuffer.allocate(4).putInt(3).array());
    }

    /** An ErrorResponse with severity, SQLSTATE and message (fields S, V, C, M). */
    static byte[] errorResponse(String severity, String sqlState, String message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('S');
        cString(body, severity);
        body.write('V');
        cString(body, severity);
        body.write('C');
        cString(body, sqlState);
        body.write('M');
        cString(body, message);
        body.write(0);
        return typed('E', body.toByteArray());
    }

    static byte[] typed(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static byte[] cString(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cString(out, s);
        return out.toByteArray();
    }

    private static void cString(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static int indexOfZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }
}
