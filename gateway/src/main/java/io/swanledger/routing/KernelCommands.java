package io.swanledger.routing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 and nft with argument lists — never a shell, so no address or name can become a
 * command. A batch of changes is one process fed on standard input ({@code ip -batch -},
 * {@code nft -f -}), not one fork per rule. {@code prefix} lets tests run inside a network
 * namespace ({@code ip netns exec <ns>}).
 */
public final class KernelCommands {

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private final List<String> prefix;

    public KernelCommands(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    public static KernelCommands host() {
        return new KernelCommands(List.of());
    }

    Result run(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RoutingException(command.get(0) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RoutingException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingException("interrupted while running " + command.get(0), e);
        }
    }

    /** Runs and fails with the tool's own message when it does not succeed. */
    String check(List<String> command, String stdin) {
        Result r = run(command, stdin);
        if (r.exitCode() != 0) {
            throw new RoutingException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output().strip());
        }
        return r.output();
    }
}
