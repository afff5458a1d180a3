package io.swanledger.jvici;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A connection to charon's VICI socket.
 *
 * <p><b>Threads.</b> All methods are thread-safe. VICI answers one request at a time per connection,
 * so requests from several threads are serialized. One reader thread reads the socket; subscription
 * events are handed to one dispatcher thread through a bounded queue (when it is full the reader
 * stops reading, so a slow listener slows charon's writes instead of growing memory). Events of a
 * streamed command ({@link #streamedRequest}) are delivered on the reader thread: such a consumer
 * must not call back into the client.
 *
 * <p><b>Failures.</b> Connecting to a missing or refused socket fails with a
 * {@link ViciConnectionException} that says so. If the connection breaks, the outstanding request
 * fails; with {@link Builder#reconnect reconnect} on, the client reconnects with exponential back-off
 * and registers its subscriptions again, telling {@link Builder#onConnectionChange} listeners. A
 * request that times out closes the connection (a late answer could otherwise be taken for the next
 * request's).
 *
 * <pre>{@code
 * try (ViciClient vici = ViciClient.builder(Path.of("/var/run/charon.vici")).reconnect(true).connect()) {
 *     ViciMessage version = vici.request("version", ViciMessage.EMPTY);
 *     vici.subscribe("ike-updown", (event, msg, at) -> System.out.println(at + " " + msg));
 * }
 * }</pre>
 */
public final class ViciClient implements AutoCloseable {

    /** Told when the connection is lost ({@code false}) and when it is back, subscriptions restored ({@code true}). */
    @FunctionalInterface
    public interface ConnectionListener {
        void onConnectionChange(boolean connected);
    }

    private record Event(String name, ViciMessage message, Instant receivedAt) {
    }

    private final Path socket;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final boolean reconnect;
    private final Duration maxBackoff;
    private final List<ConnectionListener> connectionListeners;

    private final ReentrantLock requestLock = new ReentrantLock();
    private final BlockingQueue<ViciPacket> responses = new ArrayBlockingQueue<>(1);
    private final BlockingQueue<Event> events;
    private final Map<String, List<ViciEventListener>> listeners = new ConcurrentHashMap<>();
    private volatile String streamEvent;
    private volatile Consumer<ViciMessage> streamConsumer;

    private volatile SocketChannel channel;
    private volatile boolean closed;
    private volatile ViciException readerFailure;
    private final Thread dispatcher;

    private ViciClient(Builder b) throws ViciException {
        this.socket = b.socket;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.reconnect = b.reconnect;
        this.maxBackoff = b.maxBackoff;
        this.connectionListeners = List.copyOf(b.connectionListeners);
        this.events = new ArrayBlockingQueue<>(b.eventQueueCapacity);
        this.channel = open();
        startReader(channel);
        this.dispatcher = new Thread(this::dispatch, "jvici-dispatch " + socket.getFileName());
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    public static Builder builder(Path socket) {
        return new Builder(socket);
    }

    /** Connects with the defaults: 5 s connect and 30 s request timeouts, no reconnect. */
    public static ViciClient connect(Path socket) throws ViciException {
        return builder(socket).connect();
    }

    /** Sends a command and returns charon's response. */
    public ViciMessage request(String command, ViciMessage message) throws ViciException {
        requestLock.lock();
        try {
            ViciPacket answer = exchange(ViciPacket.request(command, message));
            return switch (answer.type()) {
                case CMD_RESPONSE -> answer.message();
                case CMD_UNKNOWN -> throw new ViciCommandException("charon does not know the command '" + command + "'", null);
                default -> throw protocolViolation("CMD_RESPONSE", answer);
            };
        } finally {
            requestLock.unlock();
        }
    }

    /**
     * Sends a command whose results arrive as events (list-sas → list-sa, list-conns → list-conn,
     * list-pols → list-policy, list-certs → list-cert), giving each to {@code onEvent} until the final
     * response, which is returned.
     */
    public ViciMessage streamedRequest(String command, String event, ViciMessage message, Consumer<ViciMessage> onEvent)
            throws ViciException {
        Objects.requireNonNull(onEvent, "onEvent");
        requestLock.lock();
        try {
            register(PacketType.EVENT_REGISTER, event);
            streamEvent = event;
            streamConsumer = onEvent;
            try {
                return request(command, message);
            } finally {
                streamEvent = null;
                streamConsumer = null;
                if (isConnected()) {
                    register(PacketType.EVENT_UNREGISTER, event);
                }
            }
        } finally {
            requestLock.unlock();
        }
    }

    /** Same as {@link #streamedRequest(String, String, ViciMessage, Consumer)}, collecting the events. */
    public List<ViciMessage> streamedRequest(String command, String event, ViciMessage message) throws ViciException {
        List<ViciMessage> out = new ArrayList<>();
        streamedRequest(command, event, message, out::add);
        return out;
    }

    /**
     * Subscribes to an event (ike-updown, child-updown, ike-rekey, child-rekey, ike-update, log, …).
     * charon is asked only for the first listener of an event; closing the last one unregisters it.
     */
    public Subscription subscribe(String event, ViciEventListener listener) throws ViciException {
        Objects.requireNonNull(listener, "listener");
        requestLock.lock();
        try {
            List<ViciEventListener> list = listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>());
            if (list.isEmpty()) {
                register(PacketType.EVENT_REGISTER, event);
            }
            list.add(listener);
            return new Subscription(event, listener);
        } finally {
            requestLock.unlock();
        }
    }

    /** An active subscription; closing it removes its listener. */
    public final class Subscription implements AutoCloseable {
        private final String event;
        private final ViciEventListener listener;

        private Subscription(String event, ViciEventListener listener) {
            this.event = event;
            this.listener = listener;
        }

        public String event() {
            return event;
        }

        @Override
        public void close() throws ViciException {
            requestLock.lock();
            try {
                List<ViciEventListener> list = listeners.get(event);
                if (list != null && list.remove(listener) && list.isEmpty()) {
                    listeners.remove(event);
                    if (isConnected()) {
                        register(PacketType.EVENT_UNREGISTER, event);
                    }
                }
            } finally {
                requestLock.unlock();
            }
        }
    }

    public boolean isConnected() {
        SocketChannel c = channel;
        return !closed && c != null && c.isOpen();
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
        dispatcher.interrupt();
    }

    // ---- wire ----

    private void register(PacketType type, String event) throws ViciException {
        ViciPacket answer = exchange(new ViciPacket(type, event, null));
        if (answer.type() == PacketType.EVENT_UNKNOWN) {
            throw new ViciCommandException("charon does not know the event '" + event + "'", null);
        }
        if (answer.type() != PacketType.EVENT_CONFIRM) {
            throw protocolViolation("EVENT_CONFIRM", answer);
        }
    }

    /** Writes one packet and waits for the response-type packet that answers it. Caller holds requestLock. */
    private ViciPacket exchange(ViciPacket request) throws ViciException {
        SocketChannel c = channel;
        if (closed) {
            throw new ViciConnectionException("client is closed");
        }
        if (c == null || !c.isOpen()) {
            ViciException why = readerFailure;
            throw new ViciConnectionException("not connected to charon at " + socket
                    + (reconnect ? " (reconnecting)" : ""), why);
        }
        responses.clear();
        try {
            ByteBuffer frame = ByteBuffer.wrap(ViciCodec.encodeFrame(request));
            while (frame.hasRemaining()) {
                c.write(frame);
            }
        } catch (IOException e) {
            closeChannel();
            throw new ViciConnectionException("lost the connection to charon at " + socket + " while sending", e);
        }
        ViciPacket answer;
        try {
            answer = responses.poll(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViciConnectionException("interrupted while waiting for charon");
        }
        if (answer == null) {
            closeChannel(); // a late answer must not be taken for the next request's
            ViciException why = readerFailure;
            throw new ViciConnectionException(why != null ? "lost the connection to charon at " + socket
                    : "no answer from charon within " + requestTimeout.toMillis() + " ms", why);
        }
        return answer;
    }

    private SocketChannel open() throws ViciConnectionException {
        if (!Files.exists(socket)) {
            throw new ViciConnectionException("charon is not reachable: no VICI socket at " + socket
                    + " (is charon running with the vici plugin, and is this its socket path?)");
        }
        SocketChannel c = null;
        try {
            c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            if (!c.connect(UnixDomainSocketAddress.of(socket))) {
                try (Selector s = Selector.open()) {
                    c.register(s, SelectionKey.OP_CONNECT);
                    if (s.select(connectTimeout.toMillis()) == 0 || !c.finishConnect()) {
                        throw new ViciConnectionException("charon at " + socket + " did not accept within "
                                + connectTimeout.toMillis() + " ms");
                    }
                }
            }
            c.configureBlocking(true);
            return c;
        } catch (ViciConnectionException e) {
            closeQuietly(c);
            throw e;
        } catch (IOException e) {
            closeQuietly(c);
            throw new ViciConnectionException("charon is not reachable at " + socket + ": " + e.getMessage()
                    + " (is charon running, and may this user open the socket?)", e);
        }
    }

    private void startReader(SocketChannel c) {
        Thread reader = new Thread(() -> read(c), "jvici-read " + socket.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    private void read(SocketChannel c) {
        byte[] header = new byte[4];
        try {
            while (true) {
                readFully(c, header);
                byte[] packet = new byte[ViciCodec.frameLength(header)];
                readFully(c, packet);
                Instant receivedAt = Instant.now();
                ViciPacket p = ViciCodec.decodePacket(packet);
                if (p.type() == PacketType.EVENT) {
                    Consumer<ViciMessage> stream = streamConsumer;
                    if (stream != null && p.name().equals(streamEvent)) {
                        stream.accept(p.message());
                    } else if (listeners.containsKey(p.name())) {
                        events.put(new Event(p.name(), p.message(), receivedAt));
                    }
                } else if (!responses.offer(p)) {
                    throw new ViciProtocolException("unsolicited " + p.type() + " from charon");
                }
            }
        } catch (ViciException e) {
            readerFailure = e;
        } catch (IOException e) {
            readerFailure = new ViciConnectionException("connection to charon at " + socket + " lost: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            readerFailure = new ViciConnectionException("stream consumer failed: " + e, e);
        }
        closeQuietly(c);
        if (c == channel && !closed) {
            connectionListeners.forEach(l -> safely(() -> l.onConnectionChange(false)));
            if (reconnect) {
                Thread t = new Thread(this::reconnectLoop, "jvici-reconnect " + socket.getFileName());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void readFully(SocketChannel c, byte[] into) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("charon closed the connection");
            }
        }
    }

    private void reconnectLoop() {
        long backoff = 100;
        while (!closed) {
            SocketChannel c;
            try {
                Thread.sleep(backoff);
                c = open();
            } catch (InterruptedException e) {
                return;
            } catch (ViciException e) {
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                continue;
            }
            requestLock.lock();
            try {
                channel = c;
                readerFailure = null;
                startReader(c);
                for (String event : listeners.keySet()) {
                    register(PacketType.EVENT_REGISTER, event);
                }
            } catch (ViciException e) {
                closeChannel(); // its reader sees the close and starts the next attempt
                return;
            } finally {
                requestLock.unlock();
            }
            connectionListeners.forEach(l -> safely(() -> l.onConnectionChange(true)));
            return;
        }
    }

    private void dispatch() {
        while (!closed) {
            try {
                Event e = events.take();
                for (ViciEventListener l : listeners.getOrDefault(e.name(), List.of())) {
                    safely(() -> l.onEvent(e.name(), e.message(), e.receivedAt()));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // a failing listener must not stop the others or the client
            System.getLogger(ViciClient.class.getName()).log(System.Logger.Level.WARNING, "VICI listener failed", e);
        }
    }

    private void closeChannel() {
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static ViciProtocolException protocolViolation(String expected, ViciPacket got) {
        return new ViciProtocolException("expected " + expected + " from charon, got " + got.type());
    }

    /** Connection options. */
    public static final class Builder {
        private final Path socket;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean reconnect;
        private Duration maxBackoff = Duration.ofSeconds(5);
        private int eventQueueCapacity = 10_000;
        private final List<ConnectionListener> connectionListeners = new ArrayList<>();

        private Builder(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d);
            return this;
        }

        /** How long to wait for charon's answer (terminate with a timeout waits that long in charon). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d);
            return this;
        }

        /** Reconnect after a lost connection, backing off from 100 ms up to {@code maxBackoff}. */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        public Builder maxBackoff(Duration d) {
            this.maxBackoff = positive(d);
            return this;
        }

        /** Events waiting for the dispatcher before the reader stops reading (default 10,000). */
        public Builder eventQueueCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("event queue capacity must be positive");
            }
            this.eventQueueCapacity = n;
            return this;
        }

        public Builder onConnectionChange(ConnectionListener l) {
            connectionListeners.add(Objects.requireNonNull(l));
            return this;
        }

        public ViciClient connect() throws ViciException {
            return new ViciClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive");
            }
            return d;
        }
    }
}
