package io.swanledger.radius;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.radius.*}: where the front listens, which NAS may talk to it, which AAA servers it
 * relays to, and the certificate policy. Checked as a whole by {@link RadiusSettings} at start-up.
 *
 * @param listenAddress   IPv4 literal to bind both ports to (a loopback address on a VPN host)
 * @param authPort        authentication port; 0 picks a free one (tests)
 * @param acctPort        accounting port; 0 picks a free one (tests)
 * @param clients         the NAS allowed to send requests (strongSwan's eap-radius); all others are dropped
 * @param upstreams       AAA servers, tried in order; a silent one is skipped for {@code upstreamDeadTime}
 * @param upstreamTimeout how long one try waits before the next upstream is asked as well: longer than
 *                        the upstream's own delay before a reject (FreeRADIUS' reject_delay, 1 s by
 *                        default), and the sum of tries within strongSwan's patience (eap-radius retransmits
 *                        after 2 s, then ×1.4, four times: about 14 s)
 * @param upstreamSource  IPv4 literal the relay socket binds to
 * @param workers         threads for what may block: audited rejections, interim updates, roams, the
 *                        spool (a login's authorization and a session's Start and Stop need none: they are
 *                        sent from the event loop and answered when their group commits)
 * @param queueLimit      requests being decided (waiting for a worker or for their commit) before new ones
 *                        are dropped (and counted)
 * @param replyCacheTime  how long an answer is kept for retransmissions of the same request
 * @param spoolDir        where accounting requests acknowledged during an outage of the event store wait
 *                        (on local disk, each forced to it) until they are recorded
 * @param certificate     how the upstream reports EAP-TLS client certificates, and what is allowed
 */
@ConfigurationProperties("swanledger.radius")
public record RadiusProperties(@DefaultValue("127.0.0.1") String listenAddress,
                               @DefaultValue("1812") int authPort,
                               @DefaultValue("1813") int acctPort,
                               List<Client> clients,
                               List<Upstream> upstreams,
                               @DefaultValue("3s") Duration upstreamTimeout,
                               @DefaultValue("30s") Duration upstreamDeadTime,
                               @DefaultValue("127.0.0.1") String upstreamSource,
                               @DefaultValue("64") int workers,
                               @DefaultValue("10000") int queueLimit,
                               @DefaultValue("30s") Duration replyCacheTime,
                               @DefaultValue("data/accounting-spool") String spoolDir,
                               @DefaultValue Certificate certificate) {

    /** A NAS: its source address, shared secret and a name for logs. */
    public record Client(String address, String secret, String name) {
    }

    /** An upstream AAA server (authentication port). */
    public record Upstream(String address, @DefaultValue("1812") int port, String secret, String name) {
    }

    /**
     * Attributes are named {@code <type>} or {@code <vendor>:<type>} (a Vendor-Specific
     * sub-attribute). The upstream must copy the certificate fields into them (FreeRADIUS:
     * {@code update reply { ... = "%{TLS-Client-Cert-Issuer}" }}). {@code allowedIssuers} lists
     * issuer DNs exactly as the upstream reports them; empty allows any. {@code subjectPattern} is a
     * regular expression the whole subject must match; empty allows any. {@code userNameVouches}: the
     * upstream writes the certificate's name into the Accept's User-Name (off by default: a stock
     * FreeRADIUS echoes the client's EAP identity there, which is a claim, not a name it checked).
     * An EAP-TLS login with neither the common name nor a vouching User-Name gets no lab route.
     */
    public record Certificate(String subjectAttribute, String issuerAttribute, String commonNameAttribute,
                              List<String> allowedIssuers, String subjectPattern, boolean userNameVouches) {
    }

    /** The problems of this configuration as the RADIUS front would find them at start; empty when none. */
    public List<String> problems() {
        try {
            new RadiusSettings(this);
            return List.of();
        } catch (IllegalStateException e) {
            return Arrays.stream(e.getMessage().split("\n  - ")).skip(1).toList();
        }
    }
}
