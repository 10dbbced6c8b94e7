package dev.sagastack.local.dynamodb.dax;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One client connection. It opens with the DAX preamble (the magic string, the layering mode, a
 * session id, a header map with the user agent, the client mode); then each request is the service
 * id 1, a method id and that method's arguments, all CBOR. Each answer starts with an error list
 * (empty on success). With layering 1 (the Java client) every answer is framed: a 4-byte big-endian
 * length that includes the 8-byte header, and an end-of-message flag bit.
 */
final class DaxSession implements Runnable {

    static final String MAGIC = "J7yne5G";

    private final Socket socket;
    private final DaxDispatcher dispatcher;
    private final DaxAuthenticator authenticator;
    /** What the connection's last accepted authorizeConnection allows; empty when refused or not yet sent. */
    private Optional<DaxPermissions> permissions;

    DaxSession(Socket socket, DaxDispatcher dispatcher, DaxAuthenticator authenticator) {
        this.socket = socket;
        this.dispatcher = dispatcher;
        this.authenticator = authenticator;
        this.permissions = authenticator == DaxAuthenticator.ACCEPT_ALL
                ? Optional.of(DaxPermissions.ALL) : Optional.empty();
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            CborReader in = new CborReader(new BufferedInputStream(s.getInputStream(), 16 * 1024));
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            Object magic = in.read();
            DaxTrace.log("magic " + magic);
            if (!MAGIC.equals(magic)) {
                return;
            }
            boolean framed = Long.valueOf(1).equals(in.read());
            DaxTrace.log("handshake framed=" + framed);
            in.read(); // session id
            in.read(); // header map (user agent)
            in.read(); // client mode
            CborWriter response = new CborWriter();
            while (true) {
                Object service;
                try {
                    service = in.read();
                } catch (EOFException closed) {
                    return;
                }
                Object method = in.read();
                if (!Long.valueOf(1).equals(service) || !(method instanceof Long m)) {
                    return;
                }
                DaxTrace.log("method " + m);
                int argc = DaxDispatcher.argumentCount(m.intValue());
                if (argc < 0) {
                    return; // unknown method: its arguments cannot be skipped, so the stream is lost
                }
                List<Object> args = new ArrayList<>(argc);
                for (int i = 0; i < argc; i++) {
                    args.add(in.read());
                }
                if (DaxTrace.ON) {
                    DaxTrace.log("args " + DaxTrace.show(args));
                }
                response.reset();
                if (m.intValue() == DaxDispatcher.AUTHORIZE_CONNECTION) {
                    permissions = authenticate(args);
                } else if (permissions.isEmpty() && m.intValue() != DaxDispatcher.ENDPOINTS) {
                    DaxErrors.write(response, "UnrecognizedClientException",
                            "The security token included in the request is invalid.", 400);
                    send(out, response, framed);
                    continue;
                } else {
                    Optional<String> refusal = refusal(m.intValue(), args);
                    if (refusal.isPresent()) {
                        // the DAX client turns it into a DynamoDbException whose error code is AccessDeniedException
                        DaxErrors.write(response, "AccessDeniedException", refusal.get(), 400);
                        send(out, response, framed);
                        continue;
                    }
                }
                if (!dispatcher.dispatch(m.intValue(), args, socket, response)) {
                    continue; // authorizeConnection has no answer
                }
                send(out, response, framed);
            }
        } catch (IOException e) {
            DaxTrace.log("" + e);
            // the client went away or broke the protocol: the connection ends
        }
    }

    // authorizeConnection(accessKeyId, signature, stringToSign, sessionToken, userAgent); the Java client sends the
    // string to sign as a CBOR byte string (its UTF-8 bytes)
    private Optional<DaxPermissions> authenticate(List<Object> args) {
        if (!(args.get(0) instanceof String key) || !(args.get(1) instanceof String signature)) {
            return Optional.empty();
        }
        String stringToSign;
        if (args.get(2) instanceof String text) {
            stringToSign = text;
        } else if (args.get(2) instanceof byte[] bytes) {
            stringToSign = new String(bytes, StandardCharsets.UTF_8);
        } else {
            return Optional.empty();
        }
        return authenticator.authenticate(key, signature, stringToSign,
                args.get(3) instanceof String token ? Optional.of(token) : Optional.empty());
    }

    private Optional<String> refusal(int method, List<Object> args) {
        for (String action : DaxActions.of(method, args)) {
            Optional<String> refused = permissions.orElseThrow().refusal(action);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private static void send(OutputStream out, CborWriter response, boolean framed) throws IOException {
        if (framed) {
            int length = response.size() + 8;
            out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                    (byte) length, 1, 0, 0, 0});
        }
        out.write(response.toByteArray());
        out.flush();
    }
}
