package io.swanledger.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.swanledger.api.net.Ipv4Address;
import io.swanledger.radius.RadiusCounters.Counter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.Test;

class DispatchTest {

    private static final Executor NO_WORKERS = task -> {
        throw new AssertionError("a queued command must not need a worker");
    };

    private final RadiusCounters counters = new RadiusCounters();
    private final ReplyCache cache = new ReplyCache(TimeUnit.MINUTES.toNanos(1), 100);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Commands commands = new Commands();

    @Test
    void answersAQueuedCommandFromItsCompletionOnTheEventLoopWithoutAWorker() throws Exception {
        Dispatch dispatch = new Dispatch(commands, c -> true, NO_WORKERS, counters, 10, Duration.ofSeconds(10));
        Dispatch.Request request = request(1);

        dispatch.send("authorize", request, (String result) -> bytes("reply to " + result), e -> {
            throw new AssertionError(e);
        });
        assertThat(channel.<Object>readOutbound()).as("nothing before the command completes").isNull();
        Thread committer = new Thread(() -> commands.sent.get(0).complete("authorized"));
        committer.start();
        committer.join();
        channel.runPendingTasks();

        DatagramPacket sent = channel.readOutbound();
        assertThat(sent.content().toString(StandardCharsets.UTF_8)).isEqualTo("reply to authorized");
        sent.release();
        assertThat(cache.register(request.key()).reply()).as("kept for a retransmission").isEqualTo(bytes("reply to authorized"));
    }

    @Test
    void forgetsARequestWhoseCommandTheStoreCouldNotTakeSoThatItsRetransmissionIsHandledAfresh() {
        Dispatch dispatch = new Dispatch(commands, c -> true, NO_WORKERS, counters, 10, Duration.ofSeconds(10));
        Dispatch.Request request = request(2);

        dispatch.send("close", request, (Object result) -> bytes("ack"), e -> request.failed(counters, e));
        commands.sent.get(0).completeExceptionally(new IllegalStateException("commit failed", new SQLException("gone")));
        channel.runPendingTasks();

        assertThat(channel.<Object>readOutbound()).as("nothing answered that is not recorded").isNull();
        assertThat(cache.register(request.key())).as("the request was forgotten").isNull();
        assertThat(counters.get(Counter.STORE_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void givesUpOnACommandThatIsNotAnsweredWithinTheTimeoutAsOnAStoreOutage() {
        Dispatch dispatch = new Dispatch(commands, c -> true, NO_WORKERS, counters, 10, Duration.ofMillis(20));

        dispatch.send("establish", request(3), (Object result) -> bytes("ack"), e -> { });

        // the answer is given up on the JDK's timer thread; the embedded event loop is not to be fed from there
        assertThatThrownBy(() -> commands.sent.get(0).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(StoreFailures.isOutage(e.getCause())).isTrue())
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void shedsRequestsOverTheLimitAndTakesNewOnesOnceOthersAreAnswered() {
        Dispatch dispatch = new Dispatch(commands, c -> true, NO_WORKERS, counters, 1, Duration.ofSeconds(10));
        Dispatch.Request first = request(4);
        Dispatch.Request second = request(5);
        Dispatch.Request third = request(6);

        dispatch.send("authorize", first, (Object result) -> bytes("accept"), e -> { });
        dispatch.send("authorize", second, (Object result) -> bytes("accept"), e -> { });
        assertThat(counters.get(Counter.OVERLOADED)).isEqualTo(1);
        assertThat(cache.register(second.key())).as("the shed request was forgotten").isNull();
        assertThat(commands.sent).hasSize(1);

        commands.sent.get(0).complete("done");
        channel.runPendingTasks();
        dispatch.send("authorize", third, (Object result) -> bytes("accept"), e -> { });
        assertThat(commands.sent).hasSize(2);
        assertThat(counters.get(Counter.OVERLOADED)).isEqualTo(1);
    }

    @Test
    void runsWhatMayBlockOnAWorkerAndCountsItsFailure() {
        List<Runnable> queued = new ArrayList<>();
        Dispatch dispatch = new Dispatch(commands, c -> false, queued::add, counters, 10, Duration.ofSeconds(10));
        Dispatch.Request answered = request(7);
        Dispatch.Request failing = request(8);

        dispatch.onWorker(answered, () -> bytes("reject"));
        dispatch.onWorker(failing, () -> {
            throw new IllegalArgumentException("a bug");
        });
        assertThat(queued).hasSize(2);
        queued.forEach(Runnable::run);
        channel.runPendingTasks();

        DatagramPacket sent = channel.readOutbound();
        assertThat(sent.content().toString(StandardCharsets.UTF_8)).isEqualTo("reject");
        sent.release();
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(counters.get(Counter.INTERNAL_ERRORS)).isEqualTo(1);
        assertThat(cache.register(failing.key())).isNull();
        assertThat(dispatch.queues("anything")).isFalse();
    }

    private Dispatch.Request request(int identifier) {
        byte[] packet = new byte[20];
        packet[0] = (byte) Wire.ACCESS_REQUEST;
        packet[1] = (byte) identifier;
        packet[3] = 20;
        InetSocketAddress nas = new InetSocketAddress("127.0.0.1", 40000 + identifier);
        Inbound in = new Inbound(nas, new RadiusSettings.Nas("nas", Ipv4Address.parse("127.0.0.1"), bytes("secret")), packet);
        ReplyCache.Key key = ReplyCache.Key.of(nas, packet);
        assertThat(cache.register(key)).isNull();
        return new Dispatch.Request(cache, key, channel, in, "test");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A command gateway whose results the test completes. */
    private static final class Commands implements CommandGateway {

        final List<CompletableFuture<Object>> sent = new ArrayList<>();

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> send(Object command) {
            assertThat(CurrentUnitOfWork.isStarted()).isFalse();
            CompletableFuture<Object> f = new CompletableFuture<>();
            sent.add(f);
            return (CompletableFuture<R>) f;
        }

        @Override
        public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R sendAndWait(Object command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
            throw new UnsupportedOperationException();
        }
    }
}
