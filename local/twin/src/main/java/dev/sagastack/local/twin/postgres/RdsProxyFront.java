package dev.sagastack.local.twin.postgres;

import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.rds.RdsAuthTokens;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for RDS Proxy in front of the embedded PostgreSQL, with the proxy's template settings:
 * <ul>
 *   <li>{@code RequireTLS}: the client must ask for TLS (SSLRequest) first; the front answers with a certificate
 *   of the twin's local CA for 127.0.0.1 and localhost, so {@code sslmode=verify-full} verifies it. A client that
 *   starts in clear text is refused as PostgreSQL refuses a connection no {@code hostssl} rule admits.</li>
 *   <li>IAM authentication ({@code Auth[].IAMAuth: REQUIRED}): the front asks for the password in clear text
 *   (AuthenticationCleartextPassword, as RDS Proxy does for IAM auth over TLS) and checks it as an
 *   {@code rds-db:connect} token for the proxy's {@code prx-...} resource ({@link RdsAuthTokens}); a refused
 *   token gets PostgreSQL's {@code 28P01 PAM authentication failed for user "..."}.</li>
 * </ul>
 * Then it logs in to the embedded database with the proxy's own credentials (the secret's user) and relays bytes
 * both ways. Pages: RDS User Guide "Connecting to a database through RDS Proxy" and "Setting up IAM authentication
 * for RDS Proxy"; PostgreSQL "Frontend/Backend Protocol" ("Message Flow": SSL Session Encryption, Start-up,
 * CancelRequest).
 */
public final class RdsProxyFront implements AutoCloseable {

    private static final Logger LOG = System.getLogger(RdsProxyFront.class.getName());
    private static final int BUFFER = 16 * 1024;
    /** A client gets this long to finish TLS and its login; a session after it may stay idle. */
    private static final int LOGIN_TIMEOUT_MILLIS = 30_000;

    /**
     * The proxy's template settings and the database behind it.
     *
     * @param proxyResourceId the {@code prx-...} id tokens are authorized against
     * @param backendUser     the user (and password) the proxy logs in to the database with
     */
    public record Settings(boolean requireTls, boolean iamAuth, String proxyResourceId, int backendPort,
                           String backendUser, String backendPassword) {
    }

    private final ServerSocket server;
    private final Settings settings;
    private final SSLContext tls;
    private final Optional<RdsAuthTokens> tokens;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rds-proxy-front");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RdsProxyFront(ServerSocket server, Settings settings, SSLContext tls, Optional<AccessControl> access) {
        this.server = server;
        this.settings = settings;
        this.tls = tls;
        this.tokens = access.map(a -> new RdsAuthTokens(a, endpoint(), settings.proxyResourceId()));
    }

    /**
     * Listens on {@code 127.0.0.1:port} (0: a free port).
     *
     * @param access checks the tokens; empty ({@code --iam off}) takes any password
     */
    public static RdsProxyFront start(int port, Settings settings, SSLContext tls, Optional<AccessControl> access) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            RdsProxyFront front = new RdsProxyFront(server, settings, tls, access);
            front.threads.execute(front::accept);
            return front;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for the PostgreSQL front on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code host:port} as clients name it (and as their tokens are signed for). */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "PostgreSQL front: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket backend = null;
        try {
            client.setSoTimeout(LOGIN_TIMEOUT_MILLIS);
            Socket channel = client;
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            PostgresWire.StartupPacket packet = PostgresWire.readStartup(in);
            boolean encrypted = false;
            while (packet.code() != PostgresWire.PROTOCOL_3_0) {
                if (packet.code() == PostgresWire.SSL_REQUEST && !encrypted) {
                    PostgresWire.write(out, new byte[] {'S'});
                    SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client,
                            client.getInetAddress().getHostAddress(), client.getPort(), true);
                    secured.setUseClientMode(false);
                    secured.startHandshake();
                    channel = secured;
                    open.add(secured);
                    in = secured.getInputStream();
                    out = secured.getOutputStream();
                    encrypted = true;
                } else if (packet.code() == PostgresWire.GSSENC_REQUEST || packet.code() == PostgresWire.SSL_REQUEST) {
                    PostgresWire.write(out, new byte[] {'N'});
                } else if (packet.code() == PostgresWire.CANCEL_REQUEST) {
                    forwardCancel(packet);
                    return;
                } else {
                    PostgresWire.write(out, PostgresWire.errorResponse("FATAL", "0A000",
                            "unsupported frontend protocol " + (packet.code() >>> 16) + "." + (packet.code() & 0xffff)
                                    + ": server supports 3.0 to 3.0"));
                    return;
                }
                packet = PostgresWire.readStartup(in);
            }
            Map<String, String> parameters = PostgresWire.parameters(packet.payload());
            String user = parameters.getOrDefault("user", "");
            String database = parameters.getOrDefault("database", user);
            if (settings.requireTls() && !encrypted) {
                // what PostgreSQL answers when only hostssl rules admit the client
                PostgresWire.write(out, PostgresWire.errorResponse("FATAL", "28000", "no pg_hba.conf entry for host \""
                        + client.getInetAddress().getHostAddress() + "\", user \"" + user + "\", database \"" + database
                        + "\", no encryption"));
                return;
            }
            if (settings.iamAuth() && !authenticate(in, out, user)) {
                return;
            }
            backend = new Socket(InetAddress.getLoopbackAddress(), settings.backendPort());
            backend.setTcpNoDelay(true);
            open.add(backend);
            backend.setSoTimeout(LOGIN_TIMEOUT_MILLIS);
            if (!loginToBackend(backend, parameters, database, out)) {
                return;
            }
            channel.setSoTimeout(0);
            backend.setSoTimeout(0);
            relay(channel, in, out, backend);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "PostgreSQL front: connection ended: " + e);
        } finally {
            closeQuietly(client);
            if (backend != null) {
                closeQuietly(backend);
            }
        }
    }

    private boolean authenticate(InputStream in, OutputStream out, String user) throws IOException {
        PostgresWire.write(out, PostgresWire.cleartextPasswordRequest());
        PostgresWire.Message reply = PostgresWire.readMessage(in);
        if (reply.type() != 'p') {
            PostgresWire.write(out, PostgresWire.errorResponse("FATAL", "08P01",
                    "expected password response, got message type " + reply.type()));
            return false;
        }
        if (tokens.isEmpty()) {
            return true;
        }
        RdsAuthTokens.Login login = tokens.get().verify(user, PostgresWire.password(reply));
        if (!login.accepted()) {
            PostgresWire.write(out, PostgresWire.errorResponse("FATAL", login.error().code(), login.error().message()));
            return false;
        }
        return true;
    }

    /**
     * Logs in to the database as the proxy's user (answering a password request, clear text or MD5) and passes
     * the database's AuthenticationOk, or its error, to the client.
     */
    private boolean loginToBackend(Socket backend, Map<String, String> clientParameters, String database,
                                   OutputStream client) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>(clientParameters);
        parameters.put("user", settings.backendUser());
        parameters.put("database", database);
        OutputStream out = backend.getOutputStream();
        InputStream in = backend.getInputStream();
        PostgresWire.write(out, PostgresWire.startupMessage(parameters));
        while (true) {
            PostgresWire.Message message = PostgresWire.readMessage(in);
            if (message.type() == 'E') {
                PostgresWire.write(client, PostgresWire.typed('E', message.body()));
                return false;
            }
            if (message.type() != 'R') {
                throw new IOException("the database answered the start-up with message " + message.type());
            }
            int code = message.authCode();
            if (code == 0) {
                PostgresWire.write(client, PostgresWire.typed('R', message.body()));
                return true;
            } else if (code == 3) {
                PostgresWire.write(out, PostgresWire.passwordMessage(settings.backendPassword()));
            } else if (code == 5) {
                byte[] salt = Arrays.copyOfRange(message.body(), 4, 8);
                PostgresWire.write(out, PostgresWire.passwordMessage(md5Password(salt)));
            } else {
                PostgresWire.write(client, PostgresWire.errorResponse("FATAL", "28000",
                        "the proxy cannot log in to the database (authentication method " + code + ")"));
                return false;
            }
        }
    }

    // "md5" + md5(md5(password + user) + salt), PostgreSQL's AuthenticationMD5Password answer
    private String md5Password(byte[] salt) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((settings.backendPassword() + settings.backendUser())
                    .getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CancelRequest names the backend's process and key, which the client learned through the relay. */
    private void forwardCancel(PostgresWire.StartupPacket packet) throws IOException {
        try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), settings.backendPort())) {
            byte[] message = ByteBuffer.allocate(16).putInt(16).putInt(PostgresWire.CANCEL_REQUEST)
                    .put(packet.payload(), 0, Math.min(8, packet.payload().length)).array();
            PostgresWire.write(backend.getOutputStream(), message);
        }
    }

    private void relay(Socket client, InputStream clientIn, OutputStream clientOut, Socket backend)
            throws IOException {
        InputStream backendIn = backend.getInputStream();
        OutputStream backendOut = backend.getOutputStream();
        threads.execute(() -> {
            try {
                copy(backendIn, clientOut);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "PostgreSQL front: database side ended: " + e);
            } finally {
                closeQuietly(client);
            }
        });
        try {
            copy(clientIn, backendOut);
        } finally {
            closeQuietly(backend);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
