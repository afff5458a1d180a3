package io.swanledger.commandside;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * A command gateway whose {@code sendAndWait} never waits longer than {@code timeout}: a caller (a
 * RADIUS worker, the VICI thread, a sweeper) gets an exception instead of waiting through an outage
 * of the store. Everything else is the delegate's.
 */
public class BoundedCommandGateway implements CommandGateway {

    private final CommandGateway delegate;
    private final long timeoutMillis;

    public BoundedCommandGateway(CommandGateway delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        delegate.send(command, callback);
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return delegate.sendAndWait(command, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return delegate.sendAndWait(command, timeout, unit);
    }

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        return delegate.send(command);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return delegate.registerDispatchInterceptor(dispatchInterceptor);
    }
}
