package io.swanledger.radius;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real FreeRADIUS (Debian's freeradius 3.2) on a free loopback port, with a minimal configuration
 * written from scratch, with the stock security defaults (reject_delay 1 s): the upstream AAA server of
 * the tests. {@link #eap} checks EAP-MSCHAPv2
 * passwords from a users file and EAP-TLS certificates of two CAs, and copies the client
 * certificate's subject, issuer and CN into Swanledger VSAs of the reply.
 */
public final class FreeRadius implements AutoCloseable {

    static final int VENDOR = 59051;

    /** Users-file passwords checked by EAP (MS-CHAPv2 inside) or plain MS-CHAP. */
    private static final String AUTHORIZE_AUTHENTICATE = """
                    authorize {
                        eap {
                            ok = return
                        }
                        files
                    }
                    authenticate {
                        Auth-Type MS-CHAP {
                            mschap
                        }
                        mschap
                        eap
                    }
            """;

    final Path dir;
    public final int port;
    /** The accounting port, where the server has an accounting section. */
    public final int acctPort;
    public final String secret;
    private final Process process;

    private FreeRadius(Path dir, int port, int acctPort, String secret, Process process) {
        this.acctPort = acctPort;
        this.dir = dir;
        this.port = port;
        this.secret = secret;
        this.process = process;
    }

    /** The campus AAA server: EAP-MSCHAPv2 for alice@123456 and bob, EAP-TLS for certificates of both CAs. */
    static FreeRadius eap(Path dir, TestPki pki, String secret) {
        return eap(dir, pki, secret, "alice@123456\tCleartext-Password := \"alice-pass\"\n"
                + "bob\tCleartext-Password := \"bob-pass\"\n");
    }

    /** The same with {@code users} (a FreeRADIUS users file) for the EAP-MSCHAPv2 passwords. */
    static FreeRadius eap(Path dir, TestPki pki, String secret, String users) {
        String modules = """
                    eap {
                        default_eap_type = mschapv2
                        timer_expire = 60
                        ignore_unknown_eap_types = no
                        max_sessions = ${max_requests}
                        tls-config tls-common {
                            private_key_file = %s
                            certificate_file = %s
                            ca_file = %s
                            cipher_list = "DEFAULT"
                            tls_min_version = "1.2"
                            tls_max_version = "1.2"
                            ecdh_curve = "prime256v1"
                            fragment_size = 1024
                        }
                        tls {
                            tls = tls-common
                        }
                        mschapv2 {
                            send_error = no
                        }
                    }
                    mschap {
                    }
                    files {
                        filename = ${raddbdir}/users
                    }
                """.formatted(pki.file("server.key"), pki.file("server.crt"), pki.file("cas.crt"));
        String server = AUTHORIZE_AUTHENTICATE + """
                    post-auth {
                        if (&request:TLS-Client-Cert-Subject) {
                            update reply {
                                &Swanledger-Cert-Subject := "%{request:TLS-Client-Cert-Subject}"
                                &Swanledger-Cert-Issuer := "%{request:TLS-Client-Cert-Issuer}"
                                &Swanledger-Cert-Common-Name := "%{request:TLS-Client-Cert-Common-Name}"
                            }
                        }
                        Post-Auth-Type REJECT {
                            eap
                        }
                    }
                """;
        return start(dir, secret, modules, server, users);
    }

    /** A campus AAA server that knows only EAP-MSCHAPv2; {@code users} is a FreeRADIUS users file. */
    public static FreeRadius mschapv2(Path dir, String secret, String users) {
        return start(dir, secret, """
                    eap {
                        default_eap_type = mschapv2
                        timer_expire = 60
                        ignore_unknown_eap_types = no
                        max_sessions = ${max_requests}
                        mschapv2 {
                            send_error = no
                        }
                    }
                    mschap {
                    }
                    files {
                        filename = ${raddbdir}/users
                    }
                """, AUTHORIZE_AUTHENTICATE + """
                    post-auth {
                        Post-Auth-Type REJECT {
                            eap
                        }
                    }
                """, users);
    }

    /** The benchmark's upstream: accepts every request at once, no password check, no allocation. */
    static FreeRadius acceptOnly(Path dir, String secret) {
        return start(dir, secret, "", """
                    authorize {
                        update control {
                            &Auth-Type := Accept
                        }
                    }
                    authenticate {
                    }
                    post-auth {
                        update reply {
                            &Message-Authenticator := 0x00
                        }
                    }
                """, null);
    }

    /**
     * The benchmark's anchor: FreeRADIUS alone, accepting every request and allocating its address
     * with rlm_sqlippool from a PostgreSQL pool (Debian's stock queries for PostgreSQL).
     */
    static FreeRadius sqlIpPool(Path dir, String secret, String database, String user, String password) {
        return sqlIpPool(dir, secret, database, user, password, false);
    }

    /**
     * As above; with {@code procedure}, addresses are allocated by the stored procedure FreeRADIUS 3.2
     * ships ({@code fr_allocate_previous_or_new_framedipaddress}, from {@code procedure.sql}, which the
     * database must have) as its queries.conf describes, instead of the two stock queries. Accounting
     * Start and Stop extend and end the lease with the stock queries either way.
     */
    static FreeRadius sqlIpPool(Path dir, String secret, String database, String user, String password, boolean procedure) {
        // FreeRADIUS takes the first value of an item: these come before the stock file's
        String allocation = !procedure ? "" : """
                        allocate_begin = ""
                        allocate_existing = ""
                        allocate_find = "SELECT fr_allocate_previous_or_new_framedipaddress('%{control:${pool_name}}', '%{SQL-User-Name}', '%{Calling-Station-Id}', '%{NAS-IP-Address}', '${pool_key}', '${lease_duration}')"
                        allocate_update = ""
                        allocate_commit = ""
                """;
        String modules = """
                    sql {
                        driver = "rlm_sql_postgresql"
                        dialect = "postgresql"
                        server = "127.0.0.1"
                        port = 5432
                        login = "%s"
                        password = "%s"
                        radius_db = "%s"
                        read_clients = no
                        pool {
                            start = 4
                            min = 4
                            max = 8
                            spare = 4
                            uses = 0
                            lifetime = 0
                            idle_timeout = 60
                        }
                    }
                    sqlippool {
                        sql_module_instance = "sql"
                        dialect = "postgresql"
                        pool_name = "Pool-Name"
                        ippool_table = "radippool"
                        lease_duration = 3600
                        allocate_clear_timeout = 1
                        attribute_name = Framed-IP-Address
                        req_attribute_name = Framed-IP-Address
                        pool_key = "%%{NAS-Port}"
                        messages {
                            exists = "Existing IP"
                            success = "Allocated IP"
                            clear = "Released IP"
                            failed = "IP Allocation FAILED"
                            nopool = "No pool"
                        }
                %4$s
                        $INCLUDE /etc/freeradius/3.0/mods-config/sql/ippool/postgresql/queries.conf
                    }
                """.formatted(user, password, database, allocation);
        return start(dir, secret, modules, """
                    authorize {
                        update control {
                            &Pool-Name := "main"
                            &Auth-Type := Accept
                        }
                    }
                    authenticate {
                    }
                    post-auth {
                        sqlippool
                        update reply {
                            &Message-Authenticator := 0x00
                        }
                    }
                    preacct {
                    }
                    accounting {
                        update control {
                            &Pool-Name := "main"
                        }
                        sqlippool
                    }
                """, null);
    }

    static FreeRadius start(Path dir, String secret, String modules, String server, String users) {
        try {
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("run"));
            int port = freeUdpPort();
            int acctPort = freeUdpPort();
            Files.writeString(dir.resolve("radiusd.conf"), """
                    prefix = /usr
                    exec_prefix = /usr
                    sysconfdir = /etc
                    localstatedir = /var
                    sbindir = /usr/sbin
                    raddbdir = %1$s
                    confdir = ${raddbdir}
                    modconfdir = ${confdir}/mods-config
                    logdir = %1$s/logs
                    run_dir = %1$s/run
                    db_dir = ${raddbdir}
                    libdir = /usr/lib/freeradius
                    pidfile = ${run_dir}/radiusd.pid
                    name = radiusd
                    max_request_time = 30
                    cleanup_delay = 5
                    max_requests = 16384
                    hostname_lookups = no
                    proxy_requests = no
                    log {
                        destination = files
                        file = ${logdir}/radius.log
                        auth = yes
                    }
                    security {
                        allow_core_dumps = no
                        max_attributes = 200
                        status_server = yes
                    }
                    thread pool {
                        start_servers = 4
                        max_servers = 8
                        min_spare_servers = 2
                        max_spare_servers = 4
                        max_requests_per_server = 0
                    }
                    client gateway {
                        ipaddr = 127.0.0.1
                        secret = %2$s
                        shortname = gateway
                        require_message_authenticator = yes
                    }
                    modules {
                    %3$s
                    }
                    server default {
                        listen {
                            type = auth
                            ipaddr = 127.0.0.1
                            port = %4$d
                        }
                    %6$s
                    %5$s
                    }
                    """.formatted(dir, secret, modules, port, server, !server.contains("accounting {") ? "" : """
                        listen {
                            type = acct
                            ipaddr = 127.0.0.1
                            port = %d
                        }
                    """.formatted(acctPort)));
            Files.writeString(dir.resolve("dictionary"), """
                    VENDOR\t\tSwanledger\t%d
                    BEGIN-VENDOR\tSwanledger
                    ATTRIBUTE\tSwanledger-Cert-Subject\t\t1\tstring
                    ATTRIBUTE\tSwanledger-Cert-Issuer\t\t2\tstring
                    ATTRIBUTE\tSwanledger-Cert-Common-Name\t3\tstring
                    END-VENDOR\tSwanledger
                    """.formatted(VENDOR));
            Files.writeString(dir.resolve("users"), users == null ? "" : users);
            Path out = dir.resolve("logs/stdout.txt");
            Process p = new ProcessBuilder("freeradius", "-f", "-d", dir.toString(), "-l", "stdout")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (Files.readString(out).contains("Ready to process requests")) {
                    return new FreeRadius(dir, port, acctPort, secret, p);
                }
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
            throw new IllegalStateException("FreeRADIUS did not start (is the Debian package freeradius installed?):\n"
                    + Files.readString(out));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start FreeRADIUS: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("logs/stdout.txt"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
