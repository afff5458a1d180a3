package io.swanledger.lab;

import io.swanledger.it.Scratch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's service in network namespaces: a VPN server namespace with a real charon (eap-radius,
 * kernel-libipsec), one namespace per client with its own charon, and a lab host behind {@code lab0}.
 * The gateway runs in the root namespace: charon reaches its RADIUS ports over a veth pair created
 * here ({@link #radiusAddress} ↔ {@link #nasAddress}), and the gateway manages routing inside the
 * server namespace. Commands are argument lists; the one {@code sh -c} is a constant script with
 * positional arguments (it gives charon a private /run, where its pid file is fixed).
 */
final class Lab implements AutoCloseable {

    static final String CHARON = "/usr/lib/ipsec/charon";
    static final String LAB_HOST = "10.2.0.10";
    static final String SNAT = "10.2.0.253";

    final Path dir;
    final String server;
    final String labHost;
    final String radiusAddress;
    final String nasAddress;
    private final String rootVeth;
    final List<Client> clients = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();
    Process serverCharon;

    /** One VPN client: its namespace, its charon's VICI socket, the server address it dials. */
    record Client(String namespace, Path dir, String serverAddress) {
        Path vici() {
            return dir.resolve("charon.vici");
        }
    }

    private Lab(Path dir, String id, int subnet) {
        this.dir = dir;
        this.server = "swl-s-" + id;
        this.labHost = "swl-l-" + id;
        this.rootVeth = "swlr" + id;
        this.radiusAddress = "10.254." + subnet + ".1";
        this.nasAddress = "10.254." + subnet + ".2";
    }

    /**
     * The gateway's properties for this lab: its RADIUS front on the lab's veth, charon as its NAS,
     * {@code aaa} upstream, charon's VICI socket, routing with {@code backend} inside the server's namespace.
     */
    List<String> gatewayProperties(String gatewayId, String backend, int authPort, int acctPort, String nasSecret,
                                   io.swanledger.radius.FreeRadius aaa) {
        return List.of("swanledger.gateway.id=" + gatewayId,
                "swanledger.pool.network=10.1.0.0/16",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.listen-address=" + radiusAddress,
                "swanledger.radius.auth-port=" + authPort,
                "swanledger.radius.acct-port=" + acctPort,
                "swanledger.radius.clients[0].address=" + nasAddress,
                "swanledger.radius.clients[0].secret=" + nasSecret,
                "swanledger.radius.clients[0].name=lab-charon",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=" + aaa.port,
                "swanledger.radius.upstreams[0].secret=" + aaa.secret,
                "swanledger.routing.backend=" + backend,
                "swanledger.routing.campus=10.2.0.0/16",
                "swanledger.routing.netns=" + server,
                "swanledger.routing.reconcile-period=2s",
                "swanledger.vici.socket=" + dir.resolve("server/charon.vici"),
                "swanledger.vici.reconcile-period=5s",
                "swanledger.vici.grace=3s");
    }

    static boolean available() {
        return Files.isExecutable(Path.of(CHARON)) && "root".equals(System.getProperty("user.name"));
    }

    /** Namespaces, links and addresses for {@code clients} clients; no daemons yet. */
    static Lab create(int clientCount) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 6);
        Lab lab = new Lab(Scratch.directory("swanledger-lab-"), id, ThreadLocalRandom.current().nextInt(1, 250));
        try {
            lab.build(clientCount, id);
            lab.pki();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    private void build(int clientCount, String id) throws Exception {
        check("ip", "netns", "add", server);
        check("ip", "netns", "add", labHost);
        check("ip", "-n", server, "link", "set", "lo", "up");
        check("ip", "-n", labHost, "link", "set", "lo", "up");
        // the lab VLAN: the gateway's side has no connected route, so only a policy route reaches it
        check("ip", "link", "add", "lab0", "netns", server, "type", "veth", "peer", "name", "eth0", "netns", labHost);
        check("ip", "-n", server, "addr", "add", SNAT + "/24", "dev", "lab0", "noprefixroute");
        check("ip", "-n", labHost, "addr", "add", LAB_HOST + "/24", "dev", "eth0");
        check("ip", "-n", server, "link", "set", "lab0", "up");
        check("ip", "-n", labHost, "link", "set", "eth0", "up");
        // charon's eap-radius → the gateway in the root namespace
        check("ip", "link", "add", rootVeth, "type", "veth", "peer", "name", "rad0", "netns", server);
        check("ip", "addr", "add", radiusAddress + "/30", "dev", rootVeth);
        check("ip", "link", "set", rootVeth, "up");
        check("ip", "-n", server, "addr", "add", nasAddress + "/30", "dev", "rad0");
        check("ip", "-n", server, "link", "set", "rad0", "up");
        check("ip", "netns", "exec", server, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (int i = 1; i <= clientCount; i++) {
            String ns = "swl-c" + i + "-" + id;
            check("ip", "netns", "add", ns);
            check("ip", "-n", ns, "link", "set", "lo", "up");
            check("ip", "link", "add", "pub" + i, "netns", server, "type", "veth", "peer", "name", "eth0", "netns", ns);
            check("ip", "-n", server, "addr", "add", "198.18." + i + ".1/24", "dev", "pub" + i);
            check("ip", "-n", ns, "addr", "add", "198.18." + i + ".2/24", "dev", "eth0");
            check("ip", "-n", server, "link", "set", "pub" + i, "up");
            check("ip", "-n", ns, "link", "set", "eth0", "up");
            Path d = dir.resolve("client" + i);
            swanctlDirs(d);
            clients.add(new Client(ns, d, "198.18." + i + ".1"));
        }
        // what reaches the lab host, by source: through SNAT, or with a client address (should never)
        run(List.of("ip", "netns", "exec", labHost, "nft", "-f", "-"), """
                add table ip observe
                add chain ip observe in { type filter hook input priority 0; policy accept; }
                add rule ip observe in ip saddr %s icmp type echo-request counter comment "snat"
                add rule ip observe in ip saddr 10.1.0.0/16 icmp type echo-request counter comment "unnatted"
                """.formatted(SNAT), true);
    }

    private void pki() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        toFile(pki.resolve("ca.key"), "pki", "--gen", "--type", "ecdsa", "--size", "256", "--outform", "pem");
        toFile(pki.resolve("ca.crt"), "pki", "--self", "--ca", "--lifetime", "30", "--in", pki.resolve("ca.key").toString(),
                "--type", "ecdsa", "--dn", "C=JP, O=swanledger lab, CN=swanledger lab CA", "--outform", "pem");
        toFile(pki.resolve("server.key"), "pki", "--gen", "--type", "ecdsa", "--size", "256", "--outform", "pem");
        toFile(pki.resolve("server.crt"), "pki", "--issue", "--lifetime", "30", "--cacert", pki.resolve("ca.crt").toString(),
                "--cakey", pki.resolve("ca.key").toString(), "--in", pki.resolve("server.key").toString(), "--type", "priv",
                "--dn", "C=JP, O=swanledger lab, CN=vpn.lab.test", "--san", "vpn.lab.test", "--flag", "serverAuth",
                "--flag", "ikeIntermediate", "--outform", "pem");
    }

    /** The server charon: eap-radius to the gateway at {@code authPort}/{@code acctPort}, with accounting. */
    void startServer(int authPort, int acctPort, String secret) throws Exception {
        startServer(authPort, acctPort, secret, true);
    }

    /** Without {@code accounting}, only VICI tells the gateway that tunnels come and go. */
    void startServer(int authPort, int acctPort, String secret, boolean accounting) throws Exception {
        Path d = dir.resolve("server");
        swanctlDirs(d);
        var replace = StandardCopyOption.REPLACE_EXISTING;
        Files.copy(dir.resolve("pki/ca.crt"), d.resolve("swanctl/x509ca/ca.crt"), replace);
        Files.copy(dir.resolve("pki/server.crt"), d.resolve("swanctl/x509/server.crt"), replace);
        Files.copy(dir.resolve("pki/server.key"), d.resolve("swanctl/private/server.key"), replace);
        Files.writeString(d.resolve("strongswan.conf"), charonConf(d, "eap-radius", """
                        eap-radius {
                            accounting = %s
                            accounting_send_class = yes
                            nas_identifier = vpn-lab
                            retransmit_timeout = 1.5
                            retransmit_tries = 2
                            servers {
                                gateway {
                                    address = %s
                                    auth_port = %d
                                    acct_port = %d
                                    secret = %s
                                }
                            }
                        }
                """.formatted(accounting ? "yes" : "no", radiusAddress, authPort, acctPort, secret)));
        Files.writeString(d.resolve("swanctl/swanctl.conf"), """
                connections {
                    rw {
                        version = 2
                        pools = radius
                        send_certreq = no
                        local {
                            auth = pubkey
                            certs = server.crt
                            id = vpn.lab.test
                        }
                        remote {
                            auth = eap-radius
                            eap_id = %any
                        }
                        children {
                            campus {
                                local_ts = 10.2.0.0/16
                            }
                        }
                    }
                }
                """);
        serverCharon = charon(server, d);
        swanctl(d, "--load-all", "--noprompt");
    }

    /** Stops the server charon (SIGTERM: it deletes its SAs) so that it can be started another way. */
    void stopServer() throws Exception {
        serverCharon.destroy();
        if (!serverCharon.waitFor(15, TimeUnit.SECONDS)) {
            serverCharon.destroyForcibly();
            serverCharon.waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(dir.resolve("server/run/charon.pid"));
        Files.deleteIfExists(dir.resolve("server/charon.vici"));
    }

    /** The server charon crashes (SIGKILL: no DELETE, no accounting Stop) and is started again. */
    void crashAndRestartServer() throws Exception {
        Path d = dir.resolve("server");
        serverCharon.destroyForcibly();
        if (!serverCharon.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("charon did not die");
        }
        Files.deleteIfExists(d.resolve("run/charon.pid"));
        Files.deleteIfExists(d.resolve("charon.vici"));
        serverCharon = charon(server, d);
        swanctl(d, "--load-all", "--noprompt");
    }

    /** The client drops its SA without telling the server (after the server lost it anyway). */
    void forget(Client c) throws Exception {
        run(swanctlCommand(c.dir(), "--terminate", "--ike", "vpn", "--force", "--timeout", "2"), null, false);
    }

    /** Loads connection "vpn" into client {@code i} (1-based) for {@code identity} with EAP-MSCHAPv2. */
    Client prepareClient(int i, String identity, String password) throws Exception {
        Client c = clients.get(i - 1);
        Files.copy(dir.resolve("pki/ca.crt"), c.dir().resolve("swanctl/x509ca/ca.crt"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(c.dir().resolve("strongswan.conf"), charonConf(c.dir(), "eap-mschapv2", ""));
        Files.writeString(c.dir().resolve("swanctl/swanctl.conf"), """
                connections {
                    vpn {
                        version = 2
                        remote_addrs = %s
                        vips = 0.0.0.0
                        local {
                            auth = eap-mschapv2
                            id = %s
                            eap_id = %s
                        }
                        remote {
                            auth = pubkey
                            id = vpn.lab.test
                        }
                        children {
                            vpn {
                                remote_ts = 10.2.0.0/16
                            }
                        }
                    }
                }
                secrets {
                    eap-user {
                        id = %s
                        secret = "%s"
                    }
                }
                """.formatted(c.serverAddress(), identity, identity, identity, password));
        if (!Files.exists(c.vici())) {
            charon(c.namespace(), c.dir());
        }
        swanctl(c.dir(), "--load-all", "--noprompt");
        return c;
    }

    void connect(Client c) throws Exception {
        swanctl(c.dir(), "--initiate", "--child", "vpn", "--timeout", "20");
    }

    /**
     * The client moves to a new public address (a new network): the address it had goes and
     * {@code 198.18.<i>.3} comes, so its charon roams the IKE_SA with MOBIKE. Returns the new address.
     */
    String moveClient(Client c) throws Exception {
        String subnet = c.serverAddress().substring(0, c.serverAddress().lastIndexOf('.'));
        // the new address must outlive the old one (Linux drops secondaries with their primary otherwise)
        check("ip", "netns", "exec", c.namespace(), "sysctl", "-qw", "net.ipv4.conf.eth0.promote_secondaries=1");
        check("ip", "-n", c.namespace(), "addr", "add", subnet + ".3/24", "dev", "eth0");
        check("ip", "-n", c.namespace(), "addr", "del", subnet + ".2/24", "dev", "eth0");
        return subnet + ".3";
    }

    /** Undoes {@link #moveClient} (for the tests that follow). */
    void moveBack(Client c) throws Exception {
        String subnet = c.serverAddress().substring(0, c.serverAddress().lastIndexOf('.'));
        run(List.of("ip", "-n", c.namespace(), "addr", "add", subnet + ".2/24", "dev", "eth0"), null, false);
        run(List.of("ip", "-n", c.namespace(), "addr", "del", subnet + ".3/24", "dev", "eth0"), null, false);
    }

    /** The client rekeys its IKE_SA (the server then reports an ike-rekey event). */
    void rekey(Client c) throws Exception {
        swanctl(c.dir(), "--rekey", "--ike", "vpn");
    }

    void disconnect(Client c) throws Exception {
        swanctl(c.dir(), "--terminate", "--ike", "vpn", "--timeout", "10");
    }

    /** The client's virtual IP as charon installed it. */
    String virtualIp(Client c) throws Exception {
        String out = swanctl(c.dir(), "--list-sas");
        Matcher m = Pattern.compile("local .*\\[(10\\.1\\.\\d+\\.\\d+)\\]").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no virtual IP in client SA list:\n" + out);
        }
        return m.group(1);
    }

    String serverSas() throws Exception {
        return swanctl(dir.resolve("server"), "--list-sas");
    }

    /** One ping from the client to the lab host; true if it was answered. */
    boolean ping(Client c) throws Exception {
        return run(List.of("ip", "netns", "exec", c.namespace(), "ping", "-c", "1", "-W", "1", "-q", LAB_HOST), null, false)
                .rc == 0;
    }

    /** Echo requests the lab host received from the SNAT address ("snat") or from a client address ("unnatted"). */
    long arrived(String which) throws Exception {
        String out = run(List.of("ip", "netns", "exec", labHost, "nft", "list", "table", "ip", "observe"), null, true).output;
        Matcher m = Pattern.compile("counter packets (\\d+) bytes \\d+ comment \"" + which + "\"").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no counter " + which + " in\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    String inServer(String... cmd) throws Exception {
        return inServer(true, cmd);
    }

    /** A command in the server's namespace; its output, or "" if it failed and {@code mustSucceed} is off. */
    String inServer(boolean mustSucceed, String... cmd) throws Exception {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", server));
        args.addAll(List.of(cmd));
        Result r = run(args, null, mustSucceed);
        return r.rc == 0 ? r.output : "";
    }

    String serverLog() {
        try {
            return Files.readString(dir.resolve("server/charon.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** A charon with kernel-libipsec, its VICI socket and log in {@code d}, and {@code eap} as EAP plugin. */
    private static String charonConf(Path d, String eap, String plugins) {
        return """
                charon {
                    load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 aes sha1 sha2 hmac kdf gmp gcm kernel-libipsec kernel-netlink socket-default vici counters eap-identity %2$s
                    retransmit_timeout = 1.0
                    retransmit_base = 1.2
                    retransmit_tries = 2
                    plugins {
                        vici {
                            socket = unix://%1$s/charon.vici
                        }
                %3$s
                    }
                    filelog {
                        lab {
                            path = %1$s/charon.log
                            time_format = %%H:%%M:%%S
                            default = 1
                            ike = 2
                            cfg = 2
                            flush_line = yes
                        }
                    }
                }
                swanctl {
                    load = pem pkcs1 pkcs8 x509 openssl
                }
                """.formatted(d, eap, plugins);
    }

    private static void swanctlDirs(Path d) throws IOException {
        for (String sub : List.of("x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey", "private", "rsa",
                "ecdsa", "bliss", "pkcs8", "pkcs12")) {
            Files.createDirectories(d.resolve("swanctl").resolve(sub));
        }
        Files.createDirectories(d.resolve("run"));
    }

    private Process charon(String ns, Path d) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "sh", "-c",
                "mount --bind \"$1\" /run && STRONGSWAN_CONF=\"$2\" exec \"$3\"", "sh",
                d.resolve("run").toString(), d.resolve("strongswan.conf").toString(), CHARON)
                .redirectErrorStream(true).redirectOutput(d.resolve("charon.stdout").toFile()).start();
        daemons.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("charon exited: " + Files.readString(d.resolve("charon.stdout")));
            }
            if (Files.exists(d.resolve("charon.vici")) && run(swanctlCommand(d, "--stats"), null, false).rc == 0) {
                return p;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("charon in " + ns + " did not start within 20 s");
    }

    private static List<String> swanctlCommand(Path d, String... args) {
        List<String> cmd = new ArrayList<>(List.of("swanctl"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--uri", "unix://" + d.resolve("charon.vici")));
        return cmd;
    }

    private static String swanctl(Path d, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(swanctlCommand(d, args)).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("STRONGSWAN_CONF", d.resolve("strongswan.conf").toString());
        env.put("SWANCTL_DIR", d.resolve("swanctl").toString());
        Result r = wait(pb.start(), null);
        if (r.rc != 0) {
            throw new IllegalStateException("swanctl " + String.join(" ", args) + " exited " + r.rc + ":\n" + r.output);
        }
        return r.output;
    }

    record Result(int rc, String output) {
    }

    static Result run(List<String> cmd, String stdin, boolean mustSucceed) throws Exception {
        Result r = wait(new ProcessBuilder(cmd).redirectErrorStream(true).start(), stdin);
        if (mustSucceed && r.rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + r.rc + ":\n" + r.output);
        }
        return r;
    }

    private static Result wait(Process p, String stdin) throws Exception {
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + p.info().commandLine().orElse("?"));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void check(String... cmd) throws Exception {
        run(List.of(cmd), null, true);
    }

    private static void toFile(Path file, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    @Override
    public void close() {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> namespaces = new ArrayList<>(List.of(server, labHost));
        clients.forEach(c -> namespaces.add(c.namespace()));
        for (String ns : namespaces) {
            try {
                run(List.of("ip", "netns", "del", ns), null, false);
            } catch (Exception ignored) {
                // best effort
            }
        }
        try {
            run(List.of("ip", "link", "del", rootVeth), null, false);
        } catch (Exception ignored) {
            // gone with the namespace's peer
        }
    }
}
