package dev.sagastack.bench.saga;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TLS port in front of a plain local engine (the DynamoDB-compatible server speaks HTTP only): each
 * accepted TLS connection is piped to a new plain connection to the engine, so the functions pay the TLS
 * handshake and record encryption that an https AWS endpoint costs them.
 */
final class TlsFront implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    private TlsFront(ServerSocket server, int targetPort) {
        this.server = server;
        this.acceptor = new Thread(() -> accept(targetPort), "tls-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TlsFront start(SSLContext context, int targetPort) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TlsFront(socket, targetPort);
    }

    URI endpoint() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    private void accept(int targetPort) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket engine = new Socket();
                engine.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                client.setTcpNoDelay(true);
                engine.setTcpNoDelay(true);
                pipe(client, engine);
                pipe(engine, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("tls front: " + e.getMessage());
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-front-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
