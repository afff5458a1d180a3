package io.swanledger.jvici;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real charon for integration tests, in a network namespace of its own with a private /run (its pid
 * file path is fixed) and a private VICI socket. Needs root and Debian's strongswan-charon and
 * plugin packages (installed by .ci/run). Arguments go to processes as lists, never through a shell
 * that sees test data: the one {@code sh -c} below is a constant script with positional arguments.
 */
final class Charon implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/lib/ipsec/charon");

    final String namespace;
    final Path dir;
    final Path socket;
    private Process process;

    private Charon(String namespace, Path dir) {
        this.namespace = namespace;
        this.dir = dir;
        this.socket = dir.resolve("charon.vici");
    }

    static boolean available() {
        return Files.isExecutable(BINARY) && "root".equals(System.getProperty("user.name"));
    }

    /** Starts charon in namespace {@code ns}, which must exist (see {@link #namespace}). */
    static Charon start(String ns, String extraCharonConf) throws Exception {
        Path dir = Files.createTempDirectory("jvici-" + ns + "-");
        // kept for restart(), deleted when the test JVM exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }));
        Files.createDirectories(dir.resolve("run"));
        Charon c = new Charon(ns, dir);
        writeConfig(c, extraCharonConf);
        return launch(c);
    }

    /** A new charon in the same namespace and directory (same socket path) as a stopped one. */
    static Charon restart(Charon old) throws Exception {
        Files.deleteIfExists(old.dir.resolve("run").resolve("charon.pid"));
        return launch(new Charon(old.namespace, old.dir));
    }

    private static void writeConfig(Charon c, String extraCharonConf) throws IOException {
        Path dir = c.dir;
        Files.writeString(dir.resolve("strongswan.conf"), """
                charon {
                    load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 aes sha1 sha2 hmac kdf gmp gcm kernel-libipsec kernel-netlink socket-default vici counters eap-identity eap-mschapv2 eap-md5
                    retransmit_timeout = 1.0
                    retransmit_base = 1.2
                    retransmit_tries = 2
                    # routing is not under test (and the seed's gateways run with it off too)
                    install_routes = no
                    plugins {
                        vici {
                            socket = unix://%s
                        }
                    }
                    filelog {
                        test {
                            path = %s
                            time_format = %%H:%%M:%%S
                            default = 1
                            ike = 2
                            flush_line = yes
                        }
                    }
                    %s
                }
                """.formatted(c.socket, dir.resolve("charon.log"), extraCharonConf));
    }

    private static Charon launch(Charon c) throws Exception {
        Path dir = c.dir;
        c.process = new ProcessBuilder("ip", "netns", "exec", c.namespace, "sh", "-c",
                "mount --bind \"$1\" /run && STRONGSWAN_CONF=\"$2\" exec \"$3\"", "sh",
                dir.resolve("run").toString(), dir.resolve("strongswan.conf").toString(), BINARY.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("charon.stdout").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!c.process.isAlive()) {
                throw new IllegalStateException("charon exited: " + Files.readString(dir.resolve("charon.stdout")));
            }
            if (Files.exists(c.socket)) {
                try (ViciClient probe = ViciClient.connect(c.socket)) {
                    probe.request("version", ViciMessage.EMPTY);
                    return c;
                } catch (ViciException notYet) {
                    // charon still starting
                }
            }
            Thread.sleep(50);
        }
        c.close();
        throw new IllegalStateException("charon did not open " + c.socket + " within 20 s");
    }

    /** Creates a network namespace with loopback up. */
    static void namespace(String ns) throws Exception {
        run("ip", "netns", "del", ns);
        check("ip", "netns", "add", ns);
        check("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }

    static void deleteNamespace(String ns) throws Exception {
        run("ip", "netns", "del", ns);
    }

    static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static void check(String... cmd) throws IOException, InterruptedException {
        int rc = run(cmd);
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
        }
    }

    String log() throws IOException {
        Path f = dir.resolve("charon.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** Stops charon the hard way (as a crash would). */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
