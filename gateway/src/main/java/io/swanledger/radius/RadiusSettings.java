package io.swanledger.radius;

import io.swanledger.api.InvalidValueException;
import io.swanledger.api.net.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@link RadiusProperties} checked at start-up: every mistake is reported at once, by property name,
 * and no secret is ever part of a message.
 */
final class RadiusSettings {

    record Nas(String name, Ipv4Address address, byte[] secret) {
    }

    record Server(String name, Ipv4Address address, int port, byte[] secret) {
    }

    /** A configured attribute: a standard type (vendor -1) or a Vendor-Specific sub-attribute. */
    record AttributeRef(int vendor, int type) {
        static AttributeRef parse(String property, String text, List<String> errors) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                int colon = text.indexOf(':');
                int vendor = colon < 0 ? -1 : Integer.parseInt(text.substring(0, colon).trim());
                int type = Integer.parseInt(text.substring(colon + 1).trim());
                if (type < 1 || type > 255 || (colon >= 0 && (vendor < 1 || vendor > 16_777_215))
                        || (vendor == -1 && type == Wire.VENDOR_SPECIFIC)) {
                    throw new NumberFormatException();
                }
                return new AttributeRef(vendor, type);
            } catch (NumberFormatException e) {
                errors.add(property + ": expected <type> or <vendor>:<type> (e.g. 26:1 is wrong, 59051:1 is right)");
                return null;
            }
        }
    }

    final Ipv4Address listenAddress;
    final int authPort;
    final int acctPort;
    final Map<Integer, Nas> clientsByAddress = new HashMap<>();
    final List<Server> upstreams = new ArrayList<>();
    final Duration upstreamTimeout;
    final Duration upstreamDeadTime;
    final Ipv4Address upstreamSource;
    final int workers;
    final int queueLimit;
    final Duration replyCacheTime;
    final Path spoolDir;
    final AttributeRef subjectAttribute;
    final AttributeRef issuerAttribute;
    final AttributeRef commonNameAttribute;
    final List<String> allowedIssuers;
    final boolean userNameVouchesForCertificates;
    final Pattern subjectPattern;

    RadiusSettings(RadiusProperties p) {
        List<String> errors = new ArrayList<>();
        listenAddress = address("swanledger.radius.listen-address", p.listenAddress(), errors);
        authPort = port("swanledger.radius.auth-port", p.authPort(), true, errors);
        acctPort = port("swanledger.radius.acct-port", p.acctPort(), true, errors);
        List<RadiusProperties.Client> clients = p.clients() == null ? List.of() : p.clients();
        if (clients.isEmpty()) {
            errors.add("swanledger.radius.clients: at least one NAS (address, secret) is required");
        }
        for (int i = 0; i < clients.size(); i++) {
            RadiusProperties.Client c = clients.get(i);
            String prefix = "swanledger.radius.clients[" + i + "]";
            Ipv4Address a = address(prefix + ".address", c.address(), errors);
            byte[] secret = secret(prefix + ".secret", c.secret(), errors);
            if (a != null && secret != null) {
                String name = c.name() == null || c.name().isBlank() ? a.toString() : c.name();
                if (clientsByAddress.put(a.bits(), new Nas(name, a, secret)) != null) {
                    errors.add(prefix + ".address: " + a + " is listed twice");
                }
            }
        }
        List<RadiusProperties.Upstream> ups = p.upstreams() == null ? List.of() : p.upstreams();
        if (ups.isEmpty()) {
            errors.add("swanledger.radius.upstreams: at least one AAA server (address, port, secret) is required");
        }
        for (int i = 0; i < ups.size(); i++) {
            RadiusProperties.Upstream u = ups.get(i);
            String prefix = "swanledger.radius.upstreams[" + i + "]";
            Ipv4Address a = address(prefix + ".address", u.address(), errors);
            int port = port(prefix + ".port", u.port(), false, errors);
            byte[] secret = secret(prefix + ".secret", u.secret(), errors);
            if (a != null && secret != null && port > 0) {
                upstreams.add(new Server(u.name() == null || u.name().isBlank() ? a + ":" + port : u.name(), a, port, secret));
            }
        }
        upstreamTimeout = duration("swanledger.radius.upstream-timeout", p.upstreamTimeout(), Duration.ofMillis(50),
                Duration.ofSeconds(10), errors);
        upstreamDeadTime = duration("swanledger.radius.upstream-dead-time", p.upstreamDeadTime(), Duration.ofSeconds(1),
                Duration.ofHours(1), errors);
        upstreamSource = address("swanledger.radius.upstream-source", p.upstreamSource(), errors);
        workers = range("swanledger.radius.workers", p.workers(), 1, 256, errors);
        queueLimit = range("swanledger.radius.queue-limit", p.queueLimit(), 1, 1_000_000, errors);
        spoolDir = p.spoolDir() == null || p.spoolDir().isBlank() ? null : Path.of(p.spoolDir()).toAbsolutePath();
        if (spoolDir == null) {
            errors.add("swanledger.radius.spool-dir must name a directory on local disk");
        }
        replyCacheTime = duration("swanledger.radius.reply-cache-time", p.replyCacheTime(), Duration.ofSeconds(1),
                Duration.ofMinutes(10), errors);
        RadiusProperties.Certificate cert = p.certificate();
        subjectAttribute = cert == null ? null
                : AttributeRef.parse("swanledger.radius.certificate.subject-attribute", cert.subjectAttribute(), errors);
        issuerAttribute = cert == null ? null
                : AttributeRef.parse("swanledger.radius.certificate.issuer-attribute", cert.issuerAttribute(), errors);
        commonNameAttribute = cert == null ? null
                : AttributeRef.parse("swanledger.radius.certificate.common-name-attribute", cert.commonNameAttribute(), errors);
        allowedIssuers = cert == null || cert.allowedIssuers() == null ? List.of() : List.copyOf(cert.allowedIssuers());
        userNameVouchesForCertificates = cert != null && cert.userNameVouches();
        Pattern pattern = null;
        if (cert != null && cert.subjectPattern() != null && !cert.subjectPattern().isBlank()) {
            try {
                pattern = Pattern.compile(cert.subjectPattern());
            } catch (PatternSyntaxException e) {
                errors.add("swanledger.radius.certificate.subject-pattern: not a regular expression: " + e.getDescription());
            }
        }
        subjectPattern = pattern;
        if (!allowedIssuers.isEmpty() && issuerAttribute == null) {
            errors.add("swanledger.radius.certificate.allowed-issuers needs swanledger.radius.certificate.issuer-attribute");
        }
        if (subjectPattern != null && subjectAttribute == null) {
            errors.add("swanledger.radius.certificate.subject-pattern needs swanledger.radius.certificate.subject-attribute");
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("RADIUS configuration is invalid:\n  - " + String.join("\n  - ", errors));
        }
    }

    Nas client(Ipv4Address address) {
        return clientsByAddress.get(address.bits());
    }

    private static Ipv4Address address(String property, String text, List<String> errors) {
        try {
            return Ipv4Address.parse(property, text);
        } catch (InvalidValueException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private static byte[] secret(String property, String secret, List<String> errors) {
        if (secret == null || secret.isEmpty()) {
            errors.add(property + ": a shared secret is required");
            return null;
        }
        byte[] b = secret.getBytes(StandardCharsets.UTF_8);
        if (b.length > 128) {
            errors.add(property + ": at most 128 octets");
            return null;
        }
        for (byte c : b) {
            // Printable ASCII only: NAS vendors disagree on how other octets are typed in.
            if (c < 0x21 || c > 0x7e) {
                errors.add(property + ": only printable ASCII without spaces is allowed");
                return null;
            }
        }
        return b;
    }

    private static int port(String property, int port, boolean zeroAllowed, List<String> errors) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            errors.add(property + ": " + port + " is not a port");
            return -1;
        }
        return port;
    }

    private static int range(String property, int value, int min, int max, List<String> errors) {
        if (value < min || value > max) {
            errors.add(property + ": " + value + " is outside " + min + "–" + max);
        }
        return value;
    }

    private static Duration duration(String property, Duration d, Duration min, Duration max, List<String> errors) {
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            errors.add(property + ": " + d + " is outside " + min + "–" + max);
            return min;
        }
        return d;
    }
}
