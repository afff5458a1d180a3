package io.swanledger.routing;

import java.util.List;
import java.util.UUID;

/** A network namespace for one test: loopback up and a lab interface {@code lab0} at 10.2.0.253/24 (a veth pair). */
record TestNamespace(String name, KernelCommands inside) implements AutoCloseable {

    static TestNamespace withLab(String prefix) {
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        KernelCommands.host().check(List.of("ip", "netns", "add", name), null);
        KernelCommands inside = new KernelCommands(List.of("ip", "netns", "exec", name));
        inside.check(List.of("ip", "-batch", "-"), """
                link set lo up
                link add lab0 type veth peer name lab0p
                addr add 10.2.0.253/24 dev lab0
                link set lab0 up
                link set lab0p up
                """);
        return new TestNamespace(name, inside);
    }

    @Override
    public void close() {
        KernelCommands.host().run(List.of("ip", "netns", "del", name), null);
    }
}
