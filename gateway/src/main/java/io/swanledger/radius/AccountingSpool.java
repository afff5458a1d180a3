package io.swanledger.radius;

import io.swanledger.api.net.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Accounting requests acknowledged while the event store could not record them, kept on local disk
 * until it can. Each request is one file, written whole and forced to disk (and its directory) before
 * the NAS gets its Accounting-Response, so an acknowledged Stop and its final counters survive a crash
 * of the gateway as well as an outage of the store. Files are named by a sequence number and replayed
 * in that order, each with the time it was received.
 */
final class AccountingSpool {

    /** One spooled request: where it came from, when, and its bytes as received. */
    record Entry(Path file, Ipv4Address nas, InetSocketAddress sender, Instant at, byte[] packet) {
    }

    private static final int MAGIC = 0x53574c31; // "SWL1"

    private final Path dir;
    private final AtomicLong next;
    private final AtomicLong size = new AtomicLong();

    AccountingSpool(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                next = new AtomicLong(files.map(AccountingSpool::sequence).max(Long::compare).orElse(0L) + 1);
            }
            size.set(pending().size());
        } catch (IOException e) {
            throw new IllegalStateException("the accounting spool " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes the request durably; returns only once it is on disk. */
    synchronized void append(Ipv4Address nas, InetSocketAddress sender, Instant at, byte[] packet) {
        long seq = next.getAndIncrement();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(packet.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(nas.bits());
            out.write(sender.getAddress().getAddress().length);
            out.write(sender.getAddress().getAddress());
            out.writeShort(sender.getPort());
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
            out.writeShort(packet.length);
            out.write(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path tmp = dir.resolve(String.format("%020d.tmp", seq));
        Path file = dir.resolve(String.format("%020d.acct", seq));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool an accounting request in " + dir, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            size.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool an accounting request in " + dir, e);
        }
    }

    /** The spooled requests, oldest first (leftovers of an interrupted write are skipped). */
    List<Path> pending() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".acct")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests waiting (kept in memory: asked for every accounting request). */
    long size() {
        return size.get();
    }

    Entry read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a spooled accounting request");
            }
            Ipv4Address nas = new Ipv4Address(in.readInt());
            byte[] address = new byte[in.read()];
            in.readFully(address);
            int port = in.readUnsignedShort();
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            byte[] packet = new byte[in.readUnsignedShort()];
            in.readFully(packet);
            return new Entry(file, nas, new InetSocketAddress(InetAddress.getByAddress(address), port), at, packet);
        }
    }

    void done(Entry e) throws IOException {
        if (Files.deleteIfExists(e.file())) {
            size.decrementAndGet();
        }
    }

    /** Keeps a request the store refused for a reason of its own (not an outage) out of the way, for a look. */
    void setAside(Path file) throws IOException {
        Path aside = dir.resolve("refused");
        Files.createDirectories(aside);
        Files.move(file, aside.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        size.decrementAndGet();
    }

    private static long sequence(Path p) {
        String n = p.getFileName().toString();
        int dot = n.indexOf('.');
        try {
            return dot > 0 ? Long.parseLong(n.substring(0, dot)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
