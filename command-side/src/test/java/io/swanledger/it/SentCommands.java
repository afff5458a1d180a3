package io.swanledger.it;

import java.lang.reflect.Proxy;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** A command gateway for unit tests that records what is sent and waited for, and handles nothing. */
public final class SentCommands {

    private SentCommands() {
    }

    /** Appends every command sent with {@code sendAndWait} to {@code sent}; any other call fails. */
    public static CommandGateway recordedIn(List<Object> sent) {
        return (CommandGateway) Proxy.newProxyInstance(SentCommands.class.getClassLoader(),
                new Class<?>[] {CommandGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendAndWait")) {
                        sent.add(args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
