package io.swanledger.lab;

import io.swanledger.it.Scratch;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swanledger.audit.ElasticsearchServer;
import io.swanledger.gateway.GatewayApplication;
import io.swanledger.it.Stores;
import io.swanledger.query.QuerySideApplication;
import io.swanledger.radius.FreeRadius;
import io.swanledger.ui.Browser;
import io.swanledger.ui.UiProcess;
import io.swanledger.vici.StrongSwanLink;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A terminate from the UI, all real: a strongSwan client connects through a real charon, FreeRADIUS
 * and the gateway; an operator finds the session on the live page, gives a reason and confirms; the
 * gateway records the close under the operator's name and charon deletes the IKE_SA; the session page
 * shows "requested" until the close has reached the trail through the query side and Elasticsearch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabTerminateBrowserTest {

    private static final String NAS_SECRET = "lab-nas-secret";

    private FreeRadius aaa;
    private Lab lab;
    private Stores stores;
    private Stores.Gateway gateway;
    private ConfigurableApplicationContext querySide;
    private UiProcess ui;
    private Browser browser;
    private Lab.Client dora;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Lab.available(), "needs root and strongswan-charon");
        assumeTrue(Browser.available(), "needs Debian's chromium and chromium-driver");
        aaa = FreeRadius.mschapv2(Scratch.directory("swanledger-aaa-"), "aaa-secret", """
                dora@123456\tCleartext-Password := "dora-pass"
                """);
        lab = Lab.create(1);
        int authPort = freeUdpPort(lab.radiusAddress);
        int acctPort = freeUdpPort(lab.radiusAddress);
        lab.startServer(authPort, acctPort, NAS_SECRET);
        dora = lab.prepareClient(1, "dora@123456", "dora-pass");
        stores = Stores.fresh(Stores.Kind.POSTGRESQL);
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("jdoe-pass");
        // this class path holds several applications' application.yml, and only one is read: say what each needs
        java.util.List<String> props = new java.util.ArrayList<>(List.of("server.port=0", "management.server.port=0",
                "swanledger.command-side.enabled=true",
                "swanledger.admin.users[0].name=noc-jdoe", "swanledger.admin.users[0].password=" + hash,
                "swanledger.admin.users[0].roles[0]=OPERATOR"));
        props.addAll(lab.gatewayProperties("vpn-lab", "off", authPort, acctPort, NAS_SECRET, aaa));
        gateway = stores.start(GatewayApplication.class, "vpn-lab", props.toArray(String[]::new));
        SpringApplicationBuilder q = new SpringApplicationBuilder(QuerySideApplication.class)
                .properties("server.port=0", "management.server.port=0", "spring.main.banner-mode=off", "logging.level.root=WARN",
                        "swanledger.elasticsearch.url=" + ElasticsearchServer.shared().url(),
                        "swanledger.query.users[0].name=noc-jdoe", "swanledger.query.users[0].password=" + hash,
                        "swanledger.query.users[0].roles[0]=OPERATOR");
        stores.properties().forEach((k, v) -> q.properties(k + "=" + v));
        querySide = q.run("--swanledger.command-side.enabled=false");
        int queryPort = ((ServletWebServerApplicationContext) querySide).getWebServer().getPort();
        int gatewayPort = Integer.parseInt(gateway.context().getEnvironment().getProperty("local.server.port"));
        ui = UiProcess.start("swanledger.ui.query-url=http://127.0.0.1:" + queryPort,
                "swanledger.ui.gateways[0].name=vpn-lab", "swanledger.ui.gateways[0].url=http://127.0.0.1:" + gatewayPort);
        browser = new Browser(ui.url);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, ui, querySide, gateway}) {
            if (c != null) {
                c.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
        if (aaa != null) {
            aaa.close();
        }
        if (stores != null) {
            stores.drop();
        }
    }

    @Test
    void anOperatorTerminatesARealTunnelFromTheUiAndThePageShowsTheConfirmedClose() throws Exception {
        StrongSwanLink link = gateway.context().getBean(StrongSwanLink.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!link.connected() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(link.connected(), "the gateway follows charon over VICI");
        lab.connect(dora);
        assertTrue(lab.serverSas().contains("dora@123456"), "dora's tunnel is up");

        browser.signIn("noc-jdoe", "jdoe-pass");
        assertTrue(browser.path().startsWith("/live"), browser.path());
        browser.waitFor(d -> {
            browser.open("/live?gateway=vpn-lab&tz=utc");
            return browser.all("#live td.account").stream().anyMatch(e -> e.getText().equals("dora"));
        });
        browser.driver.findElement(By.cssSelector("#live a.terminate")).click();
        browser.waitFor(d -> browser.has("reason"));
        browser.driver.findElement(By.id("reason")).sendKeys("lost device reported, ticket 4711");
        browser.driver.findElement(By.id("confirm-terminate")).click();
        browser.waitFor(d -> browser.has("status-box"));
        assertTrue(browser.text("gateway-answer").contains("IKE_SA"), browser.text("gateway-answer"));
        // "requested" until the SessionClosed has reached the trail, then confirmed, with no reload
        browser.waitFor(d -> browser.has("termination-confirmed"));
        assertTrue(browser.text("closed-by").equals("noc-jdoe"));
        assertTrue(browser.text("closed").contains("lost device reported, ticket 4711"), browser.text("closed"));
        browser.screenshot("10-terminated-in-the-lab");
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (lab.serverSas().contains("dora@123456") && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertFalse(lab.serverSas().contains("dora@123456"), "charon deleted dora's IKE_SA");
        List<String> errors = browser.consoleErrors().stream().filter(e -> !e.contains("favicon")).toList();
        assertTrue(errors.isEmpty(), "the page logged errors (a CSP refusal of htmx?): " + errors);
    }

    private static int freeUdpPort(String address) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }
}
