package dev.sagastack.local.twin.net;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class QuickAckProxyTest {

    @Test
    void relaysBytesUnchangedInBothDirections() throws Exception {
        long seed = System.nanoTime();
        System.out.println("QuickAckProxyTest seed " + seed);
        byte[] request = new byte[100_000];
        new Random(seed).nextBytes(request);
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket socket = echo.accept()) {
                    byte[] received = socket.getInputStream().readNBytes(request.length);
                    for (int i = 0; i < received.length; i++) {
                        received[i] = (byte) ~received[i];
                    }
                    socket.getOutputStream().write(received);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            server.start();
            try (QuickAckProxy proxy = QuickAckProxy.start(URI.create("http://127.0.0.1:" + echo.getLocalPort()));
                 Socket client = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(request, 0, 10);
                out.write(request, 10, request.length - 10);
                InputStream in = client.getInputStream();
                byte[] answer = in.readNBytes(request.length);
                for (int i = 0; i < request.length; i++) {
                    assertThat(answer[i]).isEqualTo((byte) ~request[i]);
                }
                assertThat(in.read()).as("the relay closes when the engine does").isEqualTo(-1);
            }
            server.join();
        }
    }
}
