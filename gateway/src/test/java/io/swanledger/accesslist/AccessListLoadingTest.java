package io.swanledger.accesslist;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swanledger.api.identity.AccountName;
import io.swanledger.api.identity.VlanNumber;
import io.swanledger.api.vlan.AccessListImported;
import io.swanledger.api.vlan.AccessPair;
import io.swanledger.api.vlan.ImportAccessList;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Await;
import io.swanledger.it.Stores;
import io.swanledger.vlan.AccessListView;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The lab-VLAN list loaded the three ways an operator would: the watched file, the API (dry run
 * first) and the jar's command (a JVM of its own); a corrupt file is refused whole while the list in
 * force stays, and the status API shows both the refusal and the last API import.
 */
class AccessListLoadingTest {

    private static final String VLANS = "vlan 123456 lab0 10.2.0.0/24 10.2.0.254 - -\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Path export;
    private Stores stores;
    private Stores.Gateway gw;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        dir = Scratch.directory("swanledger-list-");
        export = dir.resolve("kuins-db-export.txt");
        write(VLANS + "pair alice@123456\n");
        stores = Stores.fresh(Stores.Kind.H2);
        gw = stores.start(GatewayApplication.class, "vpn-list",
                "swanledger.gateway.id=vpn-list",
                "swanledger.pool.network=10.1.0.0/24",
                "swanledger.pool.ranges=10.1.0.10-10.1.0.250",
                "swanledger.radius.auth-port=0",
                "swanledger.radius.acct-port=0",
                "swanledger.radius.clients[0].address=127.0.0.1",
                "swanledger.radius.clients[0].secret=unused-in-this-test",
                "swanledger.radius.upstreams[0].address=127.0.0.1",
                "swanledger.radius.upstreams[0].port=9",
                "swanledger.radius.upstreams[0].secret=unused-in-this-test",
                "swanledger.access-list.path=" + export,
                "swanledger.access-list.check-period=200ms",
                "server.port=0",
                "swanledger.admin.users[0].name=noc-jdoe",
                "swanledger.admin.users[0].password={bcrypt}" + new BCryptPasswordEncoder().encode("jdoe-pass"),
                "swanledger.admin.users[0].roles[0]=OPERATOR");
        base = "http://127.0.0.1:" + gw.context().getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void tearDown() {
        gw.close();
    }

    @Test
    void loadsTheListFromTheFileTheApiAndTheJarCommandAndKeepsItWhenAFileIsCorrupt() throws Exception {
        await(() -> listed("alice"), "the watched file is imported at start");
        assertEquals("swanledger (watched file)", lastImport().requestedBy());

        HttpResponse<String> preview = post("?dry-run=true&source=kuins-2026-03-12.txt", VLANS + "pair alice@123456\npair bob@123456\n");
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode p = JSON.readTree(preview.body());
        assertEquals("preview", p.get("result").asText());
        assertEquals("bob@123456", p.get("changes").get("granted").get(0).asText());
        assertTrue(!listed("bob") && imports() == 1, "a dry run records nothing");

        HttpResponse<String> applied = post("?source=kuins-2026-03-12.txt", VLANS + "pair alice@123456\npair bob@123456\n");
        assertEquals(200, applied.statusCode(), applied.body());
        assertEquals("applied", JSON.readTree(applied.body()).get("result").asText());
        assertTrue(listed("bob"));
        assertEquals("noc-jdoe", lastImport().requestedBy(), "the operator is on record");

        Path other = dir.resolve("cron-export.txt");
        Files.writeString(other, VLANS + "pair alice@123456\npair bob@123456\npair carol@123456\n");
        Jar cli = jar("import-access-list", "--url", base, "--user", "noc-jdoe", other.toString());
        assertEquals(0, cli.exit(), cli.output());
        assertTrue(cli.output().contains("carol@123456"), cli.output());
        assertTrue(listed("carol"), "the jar's command imported it");

        write(VLANS + "pair alice@123456\npair dave;@0123456\nroute add default\n");
        await(() -> "refused".equals(status().get("accessList").get("last").path("file").path("result").asText()),
                "the corrupt file is refused");
        JsonNode refused = status().get("accessList").get("last").get("file");
        assertEquals("line 3: access pair: VLAN management number \"0123456\" must not start with 0 (got \"dave;@0123456\")",
                refused.get("problems").get(0).asText());
        assertTrue(refused.get("problems").get(1).asText().startsWith("line 4: record"), refused.toString());
        assertTrue(listed("bob") && listed("carol"), "the list in force stays");
        assertEquals("applied", status().get("accessList").get("last").get("api").get("result").asText(),
                "the status shows the API's import too");

        Jar corrupt = jar("import-access-list", "--dry-run", "--url", base, "--user", "noc-jdoe", export.toString());
        assertEquals(1, corrupt.exit(), corrupt.output());
        assertTrue(corrupt.output().contains("line 4: record"), corrupt.output());
    }

    private void write(String text) throws Exception {
        // as a copy job should: a new file renamed into place
        Path tmp = dir.resolve("export.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, export, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean listed(String account) {
        AccessListView view = gw.context().getBean(Configuration.class).getComponent(AccessListView.class);
        return view.lookup(new AccessPair(AccountName.of(account), VlanNumber.parse("123456"))).listed();
    }

    private long imports() {
        return gw.eventStore().readEvents(ImportAccessList.CAMPUS).asStream()
                .filter(m -> m.getPayload() instanceof AccessListImported).count();
    }

    private AccessListImported lastImport() {
        List<AccessListImported> all = new ArrayList<>();
        gw.eventStore().readEvents(ImportAccessList.CAMPUS).asStream()
                .filter(m -> m.getPayload() instanceof AccessListImported)
                .forEach(m -> all.add((AccessListImported) m.getPayload()));
        return all.get(all.size() - 1);
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/access-list" + query))
                .header("Authorization", auth()).header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                    .header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString("noc-jdoe:jdoe-pass".getBytes(StandardCharsets.UTF_8));
    }

    private record Jar(int exit, String output) {
    }

    /** The gateway's main class in a JVM of its own, as {@code java -jar gateway-exec.jar …} runs it. */
    private static Jar jar(String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, GatewayApplication.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SWANLEDGER_PASSWORD", "jdoe-pass");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Jar(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(15), what);
    }
}
