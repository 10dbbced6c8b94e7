package dev.sagastack.local.dynamodb.http;

import dev.sagastack.local.dynamodb.api.DynamoDbApi;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A small HTTP/1.1 server for the DynamoDB JSON protocol: one thread per keep-alive connection,
 * blocking reads and writes, no hand-off between threads per request. SDK clients keep a few
 * persistent connections each, so this costs far less CPU per request than a selector-based
 * server that wakes a worker for every request. Each connection reads into and writes from its
 * own direct buffers (a socket stream would copy through a temporary direct buffer both ways), parses
 * the headers in place, and sends each response with one write. Responses carry x-amzn-RequestId
 * and the x-amz-crc32 checksum that the AWS SDKs verify.
 */
public final class HttpFrontEnd implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final byte[] HEALTH = "healthy: dynamodb.us-east-1.amazonaws.com".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel serverSocket;
    private final ThreadPoolExecutor connections;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final DynamoDbApi api;
    private final RequestGate gate;
    private final Thread acceptor;
    private volatile boolean closed;

    public HttpFrontEnd(String host, int port, DynamoDbApi api, int maxConnections) throws IOException {
        this(host, port, api, maxConnections, null);
    }

    /** @param gate checks each request before the handler runs; null for none */
    public HttpFrontEnd(String host, int port, DynamoDbApi api, int maxConnections, RequestGate gate)
            throws IOException {
        this.api = api;
        this.gate = gate;
        this.serverSocket = ServerSocketChannel.open();
        serverSocket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
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
        return serverSocket.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel socket;
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

    private void serve(SocketChannel socket) {
        open.add(socket);
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Blocking reads without a timeout: one read system call per wake-up. Dead peers are found
            // by TCP keep-alive, and clients close idle pooled connections themselves.
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            Connection c = new Connection(socket);
            // Waiting for the next request (and seeing the client close the connection) happens outside
            // handleOne, so a connection's end does not throw away handleOne's compiled code.
            while (!closed && c.awaitRequest() && handleOne(c)) {
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
        // Request line: METHOD SP TARGET SP HTTP/1.x
        int start = c.lineStart;
        int sp1 = c.indexOf(' ', start, lineEnd);
        int sp2 = sp1 < 0 ? -1 : c.indexOf(' ', sp1 + 1, lineEnd);
        if (sp1 <= start || sp2 < 0 || c.indexOf(' ', sp2 + 1, lineEnd) >= 0 || sp2 == sp1 + 1
                || !c.startsWith(sp2 + 1, lineEnd, "HTTP/1.")) {
            c.respond(400, "Bad Request", "text/plain", "bad request line".getBytes(StandardCharsets.US_ASCII), false);
            return false;
        }
        int method = c.method(start, sp1);
        long contentLength = -1;
        boolean chunked = false;
        boolean keepAlive = !c.startsWith(sp2 + 1, lineEnd, "HTTP/1.0");
        boolean expectContinue = false;
        String target = null;
        String requestTarget = gate == null ? null : c.valueString(sp1 + 1, sp2);
        String methodName = gate == null ? null : c.valueString(start, sp1);
        Map<String, List<String>> allHeaders = gate == null ? null : new HashMap<>();
        while (true) {
            int end = c.nextLine();
            if (end < 0) {
                return false;
            }
            start = c.lineStart;
            if (end == start) {
                break;
            }
            // Only five headers matter: the name's length picks the one candidate to compare.
            int colon = c.indexOf(':', start, end);
            if (colon <= start) {
                continue;
            }
            if (allHeaders != null) {
                allHeaders.computeIfAbsent(c.valueString(start, colon).toLowerCase(Locale.ROOT),
                        n -> new ArrayList<>(1)).add(c.valueString(colon + 1, end));
            }
            switch (c.nameLength(start, colon)) {
                case 14:
                    if (c.nameIs(start, colon, "content-length")) {
                        contentLength = c.parseLong(colon + 1, end);
                        if (contentLength < 0) {
                            c.respond(400, "Bad Request", "text/plain", new byte[0], false);
                            return false;
                        }
                    }
                    break;
                case 12:
                    if (c.nameIs(start, colon, "x-amz-target")) {
                        target = c.target(colon + 1, end);
                    }
                    break;
                case 17:
                    if (c.nameIs(start, colon, "transfer-encoding")) {
                        chunked = c.valueString(colon + 1, end).toLowerCase().contains("chunked");
                    }
                    break;
                case 10:
                    if (c.nameIs(start, colon, "connection")) {
                        if (c.valueIs(colon + 1, end, "close")) {
                            keepAlive = false;
                        } else if (c.valueIs(colon + 1, end, "keep-alive")) {
                            keepAlive = true;
                        }
                    }
                    break;
                case 6:
                    if (c.nameIs(start, colon, "expect")) {
                        expectContinue = c.valueIs(colon + 1, end, "100-continue");
                    }
                    break;
                default:
                    break;
            }
        }
        if (contentLength > MAX_BODY_BYTES) {
            c.respond(413, "Payload Too Large", "text/plain", new byte[0], false);
            return false;
        }
        if (expectContinue) {
            c.writeRaw("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] body = chunked ? c.readChunked() : c.readFixed((int) Math.max(0, contentLength));
        if (method == GET || method == HEAD) {
            c.respond(200, "OK", "text/plain", method == HEAD ? new byte[0] : HEALTH, keepAlive);
            return keepAlive;
        }
        if (method != POST) {
            c.respond(405, "Method Not Allowed", "text/plain", new byte[0], keepAlive);
            return keepAlive;
        }
        DynamoDbApi.Response response = null;
        if (gate != null) {
            int q = requestTarget.indexOf('?');
            Optional<DynamoDbApi.Response> refusal = gate.refusal(methodName,
                    q < 0 ? requestTarget : requestTarget.substring(0, q), q < 0 ? "" : requestTarget.substring(q + 1),
                    allHeaders, body);
            response = refusal.orElse(null);
        }
        if (response == null) {
            response = api.handle(target, body);
        }
        c.respond(response.status(), response.status() == 200 ? "OK" : response.status() == 400
                ? "Bad Request" : "Internal Server Error", CONTENT_TYPE, response.body(), keepAlive);
        return keepAlive;
    }

    private static final int POST = 1;
    private static final int GET = 2;
    private static final int HEAD = 3;
    private static final int OTHER = 0;

    private static final byte[] CONTENT_LENGTH = "\r\nContent-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST_ID = "\r\nx-amzn-RequestId: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRC = "\r\nx-amz-crc32: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "\r\nConnection: close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK_JSON = ("HTTP/1.1 200 OK\r\nContent-Type: " + CONTENT_TYPE)
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * One connection's buffers. Requests are read into a direct buffer and their header lines scanned
     * in place; only the values the server needs become Strings. Responses are assembled in a second
     * direct buffer and written with one system call.
     */
    private static final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer out = ByteBuffer.allocateDirect(16 * 1024);
        private final CRC32 crc = new CRC32();
        /** Unparsed input is in[pos, lim). */
        private int pos;
        private int lim;
        int lineStart;
        /** The last X-Amz-Target value's bytes and String: SDK clients send the same few again and again. */
        private byte[] lastTargetBytes = new byte[0];
        private String lastTarget;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        int byteAt(int i) {
            return in.get(i);
        }

        /** Blocks until the next request's first bytes are buffered; false when the client closed the connection. */
        boolean awaitRequest() throws IOException {
            if (pos < lim) {
                return true;
            }
            pos = 0;
            lim = 0;
            return fill() > 0;
        }

        /** Finds the next line; returns the index of its end (before CR LF) or -1 at end of stream. */
        int nextLine() throws IOException {
            int scan = pos;
            while (true) {
                int i = lineFeed(scan);
                if (i >= 0) {
                    lineStart = pos;
                    pos = i + 1;
                    return i > lineStart && in.get(i - 1) == '\r' ? i - 1 : i;
                }
                if (pos > 0) {
                    compact();
                }
                scan = lim;
                if (lim == in.capacity()) {
                    throw new IOException("header line too long");
                }
                if (fill() < 0) {
                    if (lim == pos) {
                        return -1;
                    }
                    throw new EOFException();
                }
            }
        }

        /**
         * The index of the first LF in in[from, lim), or -1. Eight bytes at a time: a request's
         * headers (signature, user agent) are most of its bytes.
         */
        private int lineFeed(int from) {
            int i = from;
            for (; i + 8 <= lim; i += 8) {
                long x = in.getLong(i) ^ 0x0A0A0A0A0A0A0A0AL;
                long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
                if (found != 0) {
                    // The lowest flagged byte is always a real match (little-endian: lowest = first).
                    return i + (Long.numberOfTrailingZeros(found) >>> 3);
                }
            }
            for (; i < lim; i++) {
                if (in.get(i) == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Moves the unparsed input to the front of the buffer. */
        private void compact() {
            in.limit(lim).position(pos);
            in.compact();
            lim -= pos;
            pos = 0;
            in.clear();
        }

        /** One read into the free part of the buffer: whatever has arrived (headers and body together when both have). */
        private int fill() throws IOException {
            in.limit(in.capacity()).position(lim);
            int n = channel.read(in);
            in.clear();
            if (n > 0) {
                lim += n;
            }
            return n;
        }

        int indexOf(char ch, int from, int to) {
            for (int i = from; i < to; i++) {
                if (in.get(i) == ch) {
                    return i;
                }
            }
            return -1;
        }

        boolean startsWith(int from, int to, String ascii) {
            if (to - from < ascii.length()) {
                return false;
            }
            for (int i = 0; i < ascii.length(); i++) {
                if (in.get(from + i) != ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        int method(int from, int to) {
            if (to - from == 4 && startsWith(from, to, "POST")) {
                return POST;
            }
            if (to - from == 3 && startsWith(from, to, "GET")) {
                return GET;
            }
            if (to - from == 4 && startsWith(from, to, "HEAD")) {
                return HEAD;
            }
            return OTHER;
        }

        /** The length of the header name in[from, to), without trailing blanks. */
        int nameLength(int from, int to) {
            while (to > from && in.get(to - 1) == ' ') {
                to--;
            }
            return to - from;
        }

        /** Whether the header value in[from, to), without surrounding blanks, equals the lower-case ASCII {@code lower} ignoring case. */
        boolean valueIs(int from, int to, String lower) {
            while (from < to && (in.get(from) == ' ' || in.get(from) == '\t')) {
                from++;
            }
            while (to > from && (in.get(to - 1) == ' ' || in.get(to - 1) == '\t')) {
                to--;
            }
            return equalsLowerCase(from, to, lower);
        }

        /** Whether in[from, to) is the lower-case header name, ignoring case and trailing blanks. */
        boolean nameIs(int from, int to, String lowerName) {
            while (to > from && in.get(to - 1) == ' ') {
                to--;
            }
            return equalsLowerCase(from, to, lowerName);
        }

        /** Whether the ASCII bytes in[from, to) equal the lower-case {@code lower}, ignoring case. */
        private boolean equalsLowerCase(int from, int to, String lower) {
            if (to - from != lower.length()) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                int b = in.get(from + i);
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String valueString(int from, int to) {
            while (from < to && (in.get(from) == ' ' || in.get(from) == '\t')) {
                from++;
            }
            while (to > from && (in.get(to - 1) == ' ' || in.get(to - 1) == '\t')) {
                to--;
            }
            byte[] bytes = new byte[to - from];
            in.get(from, bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** The target header's value, reusing the previous String when the bytes are the same. */
        String target(int from, int to) {
            while (from < to && (in.get(from) == ' ' || in.get(from) == '\t')) {
                from++;
            }
            while (to > from && (in.get(to - 1) == ' ' || in.get(to - 1) == '\t')) {
                to--;
            }
            byte[] last = lastTargetBytes;
            if (to - from == last.length) {
                int i = 0;
                while (i < last.length && in.get(from + i) == last[i]) {
                    i++;
                }
                if (i == last.length) {
                    return lastTarget;
                }
            }
            byte[] bytes = new byte[to - from];
            in.get(from, bytes);
            lastTargetBytes = bytes;
            lastTarget = new String(bytes, StandardCharsets.ISO_8859_1);
            return lastTarget;
        }

        /** A decimal value, or -1 when malformed. */
        long parseLong(int from, int to) {
            long v = 0;
            boolean digits = false;
            for (int i = from; i < to; i++) {
                byte b = in.get(i);
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
            int read = 0;
            while (true) {
                int buffered = Math.min(length - read, lim - pos);
                in.get(pos, body, read, buffered);
                pos += buffered;
                read += buffered;
                if (read == length) {
                    if (pos == lim) {
                        pos = 0;
                        lim = 0;
                    }
                    return body;
                }
                // The buffer is drained: start it over and wait for the rest.
                pos = 0;
                lim = 0;
                if (fill() < 0) {
                    throw new EOFException();
                }
            }
        }

        byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int end = nextLine();
                if (end < 0) {
                    throw new EOFException();
                }
                String sizeLine = valueString(lineStart, end);
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

        void writeRaw(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        void respond(int status, String reason, String contentType, byte[] body, boolean keepAlive) throws IOException {
            crc.reset();
            crc.update(body, 0, body.length);
            int headroom = 256 + reason.length() + contentType.length();
            if (out.capacity() < headroom + body.length && body.length <= 1024 * 1024) {
                out = ByteBuffer.allocateDirect(Math.max(headroom + body.length, out.capacity() * 2));
            }
            ByteBuffer o = out;
            o.clear();
            if (status == 200 && contentType == CONTENT_TYPE) {
                o.put(OK_JSON);
            } else {
                putAscii(o, "HTTP/1.1 ");
                putDecimal(o, status);
                o.put((byte) ' ');
                putAscii(o, reason);
                putAscii(o, "\r\nContent-Type: ");
                putAscii(o, contentType);
            }
            o.put(CONTENT_LENGTH);
            putDecimal(o, body.length);
            o.put(REQUEST_ID);
            RequestIds.put(o);
            o.put(CRC);
            putDecimal(o, crc.getValue());
            if (!keepAlive) {
                o.put(CLOSE);
            }
            o.put(END);
            if (o.remaining() >= body.length) {
                // The usual case: headers and body leave in one write.
                o.put(body);
                o.flip();
                while (o.hasRemaining()) {
                    channel.write(o);
                }
            } else {
                o.flip();
                while (o.hasRemaining()) {
                    channel.write(o);
                }
                writeRaw(body);
            }
        }

        private static void putAscii(ByteBuffer o, String ascii) {
            for (int i = 0; i < ascii.length(); i++) {
                o.put((byte) ascii.charAt(i));
            }
        }

        private static void putDecimal(ByteBuffer o, long value) {
            if (value == 0) {
                o.put((byte) '0');
                return;
            }
            int digits = 0;
            for (long v = value; v > 0; v /= 10) {
                digits++;
            }
            int at = o.position() + digits;
            for (long v = value; v > 0; v /= 10) {
                o.put(--at, (byte) ('0' + v % 10));
            }
            o.position(o.position() + digits);
        }
    }

    private static void closeQuietly(SocketChannel s) {
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
        for (SocketChannel s : open) {
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
