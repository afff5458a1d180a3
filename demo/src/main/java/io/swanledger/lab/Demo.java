package io.swanledger.lab;

import io.swanledger.it.Scratch;
import io.swanledger.audit.ElasticsearchServer;
import io.swanledger.it.TestPostgres;
import io.swanledger.radius.FreeRadius;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code ./swanledger demo}: the whole system on this host with real parts, until Ctrl-C. A PostgreSQL
 * of its own (two processes share the history: the gateway and the query side), Elasticsearch as an
 * unprivileged user, FreeRADIUS with demo accounts as the campus AAA server, a strongSwan server and
 * strongSwan clients in network namespaces that connect, use the lab VLAN, rekey and disconnect in a
 * loop, the gateway (nft-set routing inside the server's namespace) and the query side, each from the
 * jar the build made. Everything it starts it stops, by process, and every namespace it made is
 * deleted (with the rules and sets inside).
 */
public final class Demo implements AutoCloseable {

    /** What the demo runs: see {@link #USAGE}. */
    public record Options(int clients, boolean quiet, int queryPort, int gatewayPort, int uiPort, Path root) {
    }

    static final String USAGE = """
            usage: ./swanledger demo [--clients N] [--quiet] [--query-port P] [--gateway-port P] [--ui-port P]
              --clients N        strongSwan clients that come and go (1-6, default 3)
              --quiet            print only where to look, not the clients' comings and goings
              --query-port P     the audit API (default 8080)
              --gateway-port P   the gateway's operator API (default 8442)
              --ui-port P        the audit UI (default 8443)
            Needs root (network namespaces) on Debian 12; installs what is missing; Ctrl-C stops everything.""";

    private static final String[][] ACCOUNTS = {{"alice@123456", "listed"}, {"bob", "plain"}, {"carol@123456", "listed"},
            {"dave@123456", "not listed"}, {"erin", "plain"}, {"frank@123456", "listed"}};
    private static final String LIST = """
            # the campus network database's export (see README, "Loading the lab-VLAN list")
            vlan 123456 lab0 10.2.0.0/24 10.2.0.254 - -
            pair alice@123456
            pair carol@123456
            pair frank@123456
            """;

    private final Options options;
    private final PrintStream out;
    private final List<Process> applications = new ArrayList<>();
    private final List<Thread> loops = new ArrayList<>();
    private final String auditorPassword = secret();
    private final String operatorPassword = secret();
    private Path dir;
    private TestPostgres pg;
    private ElasticsearchServer es;
    private FreeRadius aaa;
    private Lab lab;
    private final List<Lab.Client> clients = new ArrayList<>();
    private volatile boolean running = true;
    private int gatewayManagementPort;

    private Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Demo demo = new Demo(o, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: clients, applications, servers, namespaces …");
            demo.close();
            System.out.println("stopped; nothing of the demo is left running");
        }));
        try {
            demo.start();
        } catch (Exception e) {
            System.err.println("the demo could not start: " + e.getMessage());
            System.exit(1);
        }
        demo.printWhereToLook();
        Thread.currentThread().join();
    }

    static Options parse(String[] args) {
        int clients = 3;
        boolean quiet = false;
        int query = 8080;
        int gateway = 8442;
        int ui = 8443;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = number(args, ++i, 1, 6);
                case "--quiet" -> quiet = true;
                case "--query-port" -> query = number(args, ++i, 1, 65535);
                case "--gateway-port" -> gateway = number(args, ++i, 1, 65535);
                case "--ui-port" -> ui = number(args, ++i, 1, 65535);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(clients, quiet, query, gateway, ui, Path.of(System.getProperty("swanledger.jars", ".")));
    }

    private static int number(String[] args, int i, int min, int max) {
        try {
            int n = Integer.parseInt(args[i]);
            if (n < min || n > max) {
                throw new IllegalArgumentException(args[i - 1] + " must be " + min + "-" + max);
            }
            return n;
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number");
        }
    }

    /** Starts everything, with a line of progress per part. */
    public static Demo start(Options options, PrintStream out) throws Exception {
        Demo d = new Demo(options, out);
        try {
            d.start();
            return d;
        } catch (Exception e) {
            d.close();
            throw e;
        }
    }

    private void start() throws Exception {
        if (!Lab.available()) {
            throw new IllegalStateException("needs root and strongSwan's charon (run ./swanledger demo as root)");
        }
        dir = Scratch.directory("swanledger-demo-");
        step(1, "PostgreSQL of the demo's own (the gateway and the query side share its history)");
        pg = TestPostgres.start();
        step(2, "Elasticsearch " + "(as the unprivileged user swanledger-es)");
        es = ElasticsearchServer.shared();
        step(3, "FreeRADIUS, the campus AAA server, with " + options.clients() + " demo accounts");
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < options.clients(); i++) {
            users.append(ACCOUNTS[i][0]).append("\tCleartext-Password := \"").append(password(i)).append("\"\n");
        }
        aaa = FreeRadius.mschapv2(dir.resolve("aaa"), secret(), users.toString());
        step(4, "strongSwan server and " + options.clients() + " clients in network namespaces");
        lab = Lab.create(options.clients());
        int authPort = freeUdpPort(lab.radiusAddress);
        int acctPort = freeUdpPort(lab.radiusAddress);
        String nasSecret = secret();
        lab.startServer(authPort, acctPort, nasSecret);
        for (int i = 0; i < options.clients(); i++) {
            clients.add(lab.prepareClient(i + 1, ACCOUNTS[i][0], password(i)));
        }
        step(5, "the gateway (RADIUS front, VICI link, nft-set routing)");
        Path list = dir.resolve("kuins-db-export.txt");
        Files.writeString(list, LIST);
        gatewayManagementPort = freeTcpPort();
        applications.add(launch("gateway", List.of("--swanledger.gateway.id=demo-gw",
                "--swanledger.pool.network=10.1.0.0/16", "--swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "--swanledger.radius.listen-address=" + lab.radiusAddress, "--swanledger.radius.auth-port=" + authPort,
                "--swanledger.radius.acct-port=" + acctPort, "--swanledger.radius.clients[0].address=" + lab.nasAddress,
                "--swanledger.radius.clients[0].secret=" + nasSecret, "--swanledger.radius.clients[0].name=demo-charon",
                "--swanledger.radius.upstreams[0].address=127.0.0.1", "--swanledger.radius.upstreams[0].port=" + aaa.port,
                "--swanledger.radius.upstreams[0].secret=" + aaa.secret,
                "--swanledger.radius.spool-dir=" + dir.resolve("spool"),
                "--swanledger.routing.backend=nft-set", "--swanledger.routing.campus=10.2.0.0/16",
                "--swanledger.routing.netns=" + lab.server,
                "--swanledger.vici.socket=" + lab.dir.resolve("server/charon.vici"),
                "--swanledger.vici.grace=5s", "--swanledger.vici.reconcile-period=15s",
                "--swanledger.access-list.path=" + list,
                "--server.port=" + options.gatewayPort(), "--management.server.port=" + gatewayManagementPort,
                "--swanledger.admin.users[0].name=noc",
                "--swanledger.admin.users[0].password={bcrypt}" + new BCryptPasswordEncoder().encode(operatorPassword),
                "--swanledger.admin.users[0].roles[0]=OPERATOR")));
        step(6, "the query side (audit trail in Elasticsearch, search and report API)");
        applications.add(launch("query-side", List.of("--swanledger.elasticsearch.url=" + es.url(),
                "--server.port=" + options.queryPort(), "--management.server.port=" + freeTcpPort(),
                "--swanledger.query.users[0].name=auditor",
                "--swanledger.query.users[0].password={bcrypt}" + new BCryptPasswordEncoder().encode(auditorPassword),
                "--swanledger.query.users[0].roles[0]=AUDITOR",
                "--swanledger.query.users[1].name=noc",
                "--swanledger.query.users[1].password={bcrypt}" + new BCryptPasswordEncoder().encode(operatorPassword),
                "--swanledger.query.users[1].roles[0]=OPERATOR",
                // the audit UI on this host forwards the browser's address; the audit log records it
                "--server.forward-headers-strategy=native", "--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1")));
        step(7, "the audit UI (sign in as auditor or noc)");
        applications.add(launch("audit-ui", List.of("--server.port=" + options.uiPort(),
                "--management.server.port=" + freeTcpPort(),
                "--swanledger.ui.query-url=http://127.0.0.1:" + options.queryPort(),
                "--swanledger.ui.site-zone=" + java.time.ZoneId.systemDefault().getId(),
                "--swanledger.ui.gateways[0].name=demo-gw",
                "--swanledger.ui.gateways[0].url=http://127.0.0.1:" + options.gatewayPort())));
        step(8, "the clients start coming and going");
        for (Lab.Client c : clients) {
            Thread t = new Thread(() -> comeAndGo(c), "demo-" + c.namespace());
            t.setDaemon(true);
            loops.add(t);
            t.start();
        }
    }

    /** A client's day: connect, use the tunnel, rekey, disconnect, rest; again. */
    private void comeAndGo(Lab.Client c) {
        String who = ACCOUNTS[clients.indexOf(c)][0];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (running) {
            try {
                lab.connect(c);
                say(who + " connected with " + lab.virtualIp(c));
                pause(10 + r.nextInt(10));
                lab.rekey(c);
                say(who + " rekeyed its IKE_SA");
                pause(10 + r.nextInt(10));
                lab.disconnect(c);
                say(who + " disconnected");
                pause(5 + r.nextInt(5));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    say(who + ": " + e.getMessage() + " (trying again)");
                    try {
                        pause(5);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }
    }

    private void pause(int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (running && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        if (!running) {
            throw new InterruptedException();
        }
    }

    private Process launch(String application, List<String> args) throws Exception {
        Path jar = options.root().resolve(application + "/target/" + application + "-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (mvn -B package -DskipTests)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "--swanledger.store.kind=postgresql",
                "--swanledger.store.url=" + pg.url(), "--swanledger.store.username=" + TestPostgres.USER,
                "--swanledger.store.password="));
        cmd.addAll(args);
        Path log = dir.resolve(application + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (text.contains("Started ")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(application + " exited: " + tail(text));
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException(application + " did not start within 120 s: " + tail(Files.readString(log)));
    }

    void printWhereToLook() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        out.printf("""

                swanledger demo is running. Ctrl-C stops it and removes everything it started.
                  audit UI         http://127.0.0.1:%8$d        auditor / %2$s   (noc / %3$s: operator)
                  audit API        http://127.0.0.1:%1$d        the same accounts
                  gateway API      http://127.0.0.1:%4$d        noc / %3$s
                  gateway health   http://127.0.0.1:%5$d/actuator/health   metrics: /actuator/prometheus
                  logs             %6$s
                  (the passwords are made for this run and shown only here)

                  who held 10.1.0.10 at %7$s?
                    curl -u 'auditor:%2$s' 'http://127.0.0.1:%1$d/api/sessions?ip=10.1.0.10&at=%7$s'
                  the gateway's view
                    curl -u 'noc:%3$s' http://127.0.0.1:%4$d/api/status

                """, options.queryPort(), auditorPassword, operatorPassword, options.gatewayPort(), gatewayManagementPort,
                dir, now, options.uiPort());
    }

    public String auditorPassword() {
        return auditorPassword;
    }

    public int queryPort() {
        return options.queryPort();
    }

    public int uiPort() {
        return options.uiPort();
    }

    /** The namespaces the demo made (for a check that none is left). */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>(List.of(lab.server, lab.labHost));
        clients.forEach(c -> out.add(c.namespace()));
        return out;
    }

    public List<Process> processes() {
        return List.copyOf(applications);
    }

    @Override
    public synchronized void close() {
        running = false;
        loops.forEach(Thread::interrupt);
        for (Process p : applications) {
            p.destroy();
        }
        for (Process p : applications) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        if (lab != null) {
            lab.close();
        }
        if (aaa != null) {
            aaa.close();
        }
        if (es != null) {
            es.stop();
        }
        if (pg != null) {
            try {
                pg.close();
            } catch (Exception e) {
                out.println("PostgreSQL of the demo: " + e.getMessage());
            }
        }
    }

    private void step(int n, String what) {
        out.printf("[%d/8] %s …%n", n, what);
    }

    private void say(String what) {
        if (!options.quiet()) {
            out.printf("%s  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), what);
        }
    }

    private static String password(int i) {
        return "demo-pass-" + (i + 1);
    }

    private static String secret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static int freeUdpPort(String address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
