package io.swanledger.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * Sits between eapol_test and the gateway and sends every request twice — once at once, once 40 ms
 * later — as a NAS does when an answer is slow or lost. Answers go back to eapol_test.
 */
final class DuplicatingRelay implements AutoCloseable {

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress target;
    private volatile SocketAddress client;

    DuplicatingRelay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon(this::forwardRequests);
        daemon(this::returnAnswers);
    }

    int port() {
        return front.getLocalPort();
    }

    private void forwardRequests() {
        byte[] buf = new byte[4096];
        while (!front.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                front.receive(in);
                client = in.getSocketAddress();
                byte[] copy = Arrays.copyOf(buf, in.getLength());
                back.send(new DatagramPacket(copy, copy.length, target));
                Thread.sleep(40);
                back.send(new DatagramPacket(copy, copy.length, target));
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private void returnAnswers() {
        byte[] buf = new byte[4096];
        while (!back.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                back.receive(in);
                front.send(new DatagramPacket(Arrays.copyOf(buf, in.getLength()), in.getLength(), client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "duplicating-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
