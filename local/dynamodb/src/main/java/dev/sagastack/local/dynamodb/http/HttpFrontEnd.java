package dev.sagastack.local.dynamodb.http;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A small HTTP/1.1 server for the DynamoDB JSON protocol: one thread per keep-alive connection,
 * blocking reads and writes, no hand-off between threads per request. SDK clients keep a few
 * persistent connections each, so this costs far less CPU per request than a selector-based
 * server that wakes a worker for every request. Responses carry x-amzn-RequestId and the
 * x-amz-crc32 checksum that the AWS SDKs verify.
 */
public final class HttpFrontEnd implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final byte[] HEALTH = "healthy: dynamodb.us-east-1.amazonaws.com".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final DynamoDbApi api;
    private final Thread acceptor;
    private volatile boolean closed;

    public HttpFrontEnd(String host, int port, DynamoDbApi api, int maxConnections) throws IOException {
        this.api = api;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1024);
        AtomicInteger n = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, Math.max(1, maxConnections), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "dynamodb-conn-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "dynamodb-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (java.util.concurrent.RejectedExecutionException full) {
                closeQuietly(socket); // over the connection limit: the client retries on another connection
            }
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        try {
            socket.setTcpNoDelay(true);
            // No read timeout: with one, the JDK reads in non-blocking mode (read, EAGAIN, poll, read),
            // several extra system calls per request. Dead peers are found by TCP keep-alive, and
            // clients close idle pooled connections themselves.
            socket.setKeepAlive(true);
            Connection c = new Connection(socket.getInputStream(), socket.getOutputStream());
            while (!closed && handleOne(c)) {
                // next request on the same connection
            }
        } catch (IOException e) {
            // idle timeout, reset, closed by the client or malformed framing: nothing more to answer
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Reads and answers one request; returns whether the connection stays open. */
    private boolean handleOne(Connection c) throws IOException {
        int lineEnd = c.nextLine();
        if (lineEnd < 0) {
            return false;
        }
        if (lineEnd == c.lineStart) {
            return true; // tolerate a stray CRLF between requests
        }
        String requestLine = c.lineString(lineEnd);
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            c.respond(400, "Bad Request", "text/plain", "bad request line".getBytes(StandardCharsets.US_ASCII), false);
            return false;
        }
        String method = parts[0];
        long contentLength = -1;
        boolean chunked = false;
        boolean keepAlive = !parts[2].equals("HTTP/1.0");
        boolean expectContinue = false;
        String target = null;
        while (true) {
            int end = c.nextLine();
            if (end < 0) {
                return false;
            }
            int start = c.lineStart;
            if (end == start) {
                break;
            }
            int colon = c.indexOf(':', start, end);
            if (colon <= start) {
                continue;
            }
            if (c.nameIs(start, colon, "content-length")) {
                contentLength = c.parseLong(colon + 1, end);
                if (contentLength < 0) {
                    c.respond(400, "Bad Request", "text/plain", new byte[0], false);
                    return false;
                }
            } else if (c.nameIs(start, colon, "x-amz-target")) {
                target = c.valueString(colon + 1, end);
            } else if (c.nameIs(start, colon, "transfer-encoding")) {
                chunked = c.valueString(colon + 1, end).toLowerCase().contains("chunked");
            } else if (c.nameIs(start, colon, "connection")) {
                String value = c.valueString(colon + 1, end);
                if (value.equalsIgnoreCase("close")) {
                    keepAlive = false;
                } else if (value.equalsIgnoreCase("keep-alive")) {
                    keepAlive = true;
                }
            } else if (c.nameIs(start, colon, "expect")) {
                expectContinue = c.valueString(colon + 1, end).equalsIgnoreCase("100-continue");
            }
        }
        if (contentLength > MAX_BODY_BYTES) {
            c.respond(413, "Payload Too Large", "text/plain", new byte[0], false);
            return false;
        }
        if (expectContinue) {
            c.out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
        }
        byte[] body = chunked ? c.readChunked() : c.readFixed((int) Math.max(0, contentLength));
        if (method.equals("GET") || method.equals("HEAD")) {
            c.respond(200, "OK", "text/plain", method.equals("HEAD") ? new byte[0] : HEALTH, keepAlive);
            return keepAlive;
        }
        if (!method.equals("POST")) {
            c.respond(405, "Method Not Allowed", "text/plain", new byte[0], keepAlive);
            return keepAlive;
        }
        DynamoDbApi.Response response = api.handle(target, body);
        c.respond(response.status(), response.status() == 200 ? "OK" : response.status() == 400
                ? "Bad Request" : "Internal Server Error", CONTENT_TYPE, response.body(), keepAlive);
        return keepAlive;
    }

    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /**
     * One connection's buffered input and output. Header lines are scanned in place in the read
     * buffer; only the values the server needs become Strings.
     */
    private static final class Connection {
        private final InputStream in;
        final OutputStream out;
        private final byte[] buf = new byte[MAX_HEADER_BYTES];
        private int pos;
        private int lim;
        int lineStart;
        private byte[] head = new byte[512];

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** Finds the next line; returns the index of its end (before CR LF) or -1 at end of stream. */
        int nextLine() throws IOException {
            int scan = pos;
            while (true) {
                for (int i = scan; i < lim; i++) {
                    if (buf[i] == '\n') {
                        lineStart = pos;
                        pos = i + 1;
                        return i > lineStart && buf[i - 1] == '\r' ? i - 1 : i;
                    }
                }
                if (pos > 0) {
                    // Move the partial line to the front to make room.
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                }
                scan = lim;
                if (lim == buf.length) {
                    throw new IOException("header line too long");
                }
                int n = in.read(buf, lim, buf.length - lim);
                if (n < 0) {
                    if (lim == pos) {
                        return -1;
                    }
                    throw new EOFException();
                }
                lim += n;
            }
        }

        String lineString(int end) {
            return new String(buf, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
        }

        int indexOf(char ch, int from, int to) {
            for (int i = from; i < to; i++) {
                if (buf[i] == ch) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether buf[from, to) is the lower-case header name, ignoring case and surrounding blanks. */
        boolean nameIs(int from, int to, String lowerName) {
            while (to > from && buf[to - 1] == ' ') {
                to--;
            }
            if (to - from != lowerName.length()) {
                return false;
            }
            for (int i = 0; i < lowerName.length(); i++) {
                int b = buf[from + i];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != lowerName.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String valueString(int from, int to) {
            while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
                from++;
            }
            while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
                to--;
            }
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }

        /** A decimal value, or -1 when malformed. */
        long parseLong(int from, int to) {
            long v = 0;
            boolean digits = false;
            for (int i = from; i < to; i++) {
                byte b = buf[i];
                if (b == ' ' || b == '\t') {
                    if (digits) {
                        break;
                    }
                    continue;
                }
                if (b < '0' || b > '9' || v > Integer.MAX_VALUE) {
                    return -1;
                }
                v = v * 10 + (b - '0');
                digits = true;
            }
            return digits ? v : -1;
        }

        byte[] readFixed(int length) throws IOException {
            byte[] body = new byte[length];
            int buffered = Math.min(length, lim - pos);
            System.arraycopy(buf, pos, body, 0, buffered);
            pos += buffered;
            int read = buffered;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new EOFException();
                }
                read += n;
            }
            return body;
        }

        byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int end = nextLine();
                if (end < 0) {
                    throw new EOFException();
                }
                String sizeLine = lineString(end);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                if (size == 0) {
                    int trailerEnd;
                    while ((trailerEnd = nextLine()) >= 0 && trailerEnd != lineStart) {
                        // trailers are ignored
                    }
                    return body.toByteArray();
                }
                if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                    throw new IOException("body too large");
                }
                body.write(readFixed(size));
                nextLine(); // CRLF after the chunk
            }
        }

        void respond(int status, String reason, String contentType, byte[] body, boolean keepAlive) throws IOException {
            CRC32 crc = new CRC32();
            crc.update(body);
            int n = 0;
            n = put(n, "HTTP/1.1 ");
            n = put(n, Integer.toString(status));
            n = put(n, " ");
            n = put(n, reason);
            n = put(n, "\r\nContent-Type: ");
            n = put(n, contentType);
            n = put(n, "\r\nContent-Length: ");
            n = put(n, Integer.toString(body.length));
            n = put(n, "\r\nx-amzn-RequestId: ");
            n = putRequestId(n);
            n = put(n, "\r\nx-amz-crc32: ");
            n = put(n, Long.toString(crc.getValue()));
            if (!keepAlive) {
                n = put(n, "\r\nConnection: close");
            }
            n = put(n, "\r\n\r\n");
            if (n + body.length <= head.length || body.length <= 8 * 1024) {
                // One write, one packet for the usual small response.
                ensure(n + body.length);
                System.arraycopy(body, 0, head, n, body.length);
                out.write(head, 0, n + body.length);
            } else {
                out.write(head, 0, n);
                out.write(body);
            }
            out.flush();
        }

        private void ensure(int size) {
            if (head.length < size) {
                head = java.util.Arrays.copyOf(head, Math.max(size, head.length * 2));
            }
        }

        private int put(int n, String ascii) {
            int len = ascii.length();
            ensure(n + len);
            for (int i = 0; i < len; i++) {
                head[n + i] = (byte) ascii.charAt(i);
            }
            return n + len;
        }

        /** 52 upper-case alphanumerics, the shape of DynamoDB's request ids. */
        private int putRequestId(int n) {
            ensure(n + 52);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 52; i++) {
                head[n + i] = (byte) ID_CHARS[r.nextInt(ID_CHARS.length)];
            }
            return n + 52;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
