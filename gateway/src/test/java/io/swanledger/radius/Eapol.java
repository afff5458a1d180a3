package io.swanledger.radius;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wpa_supplicant's eapol_test (Debian eapoltest) as the NAS: runs one whole EAP conversation. */
final class Eapol {

    record Outcome(boolean success, boolean mppeKeysMatch, String framedIp, String sessionClass, long millis, String output) {
    }

    private static final Pattern FRAMED = Pattern.compile("Attribute 8 \\(Framed-IP-Address\\) length=6\\s+Value: (\\S+)");
    /** eapol_test prints Class as hex. */
    private static final Pattern CLASS = Pattern.compile("Attribute 25 \\(Class\\) length=\\d+\\s+Value: ([0-9a-f]+)");

    private Eapol() {
    }

    /** The identity is written as hex, so that any name (quotes, backslashes, UTF-8) reaches the wire as is. */
    static Path mschapv2(Path dir, String identity, String password) {
        return config(dir, "network={\n  key_mgmt=IEEE8021X\n  eap=MSCHAPV2\n  identity=" + hex(identity) + "\n  password=\""
                + password + "\"\n}\n");
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static Path tls(Path dir, String identity, TestPki pki, String client) {
        return config(dir, "network={\n  key_mgmt=IEEE8021X\n  eap=TLS\n  identity=\"" + identity + "\"\n  ca_cert=\""
                + pki.file("campus.crt") + "\"\n  client_cert=\"" + pki.file(client + ".crt") + "\"\n  private_key=\""
                + pki.file(client + ".key") + "\"\n}\n");
    }

    private static Path config(Path dir, String text) {
        try {
            Path f = Files.createTempFile(dir, "eapol-", ".conf");
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One conversation against {@code port} as a strongSwan-like NAS: Calling-Station-Id
     * {@code addr[port]}, NAS-Identifier and an Acct-Session-Id of our choosing.
     */
    static Outcome run(Path dir, Path config, int port, String secret, String acctSessionId) {
        List<String> cmd = new ArrayList<>(List.of("eapol_test", "-c", config.toString(), "-a", "127.0.0.1",
                "-p", String.valueOf(port), "-s", secret, "-r0", "-t", "8",
                "-N", "31:s:192.0.2.100[4500]", "-N", "32:s:vpngw-test", "-N", "44:s:" + acctSessionId));
        Processes.Result r = Processes.run(dir, 30, cmd);
        String out = r.output();
        Matcher f = FRAMED.matcher(out);
        Matcher c = CLASS.matcher(out);
        return new Outcome(r.exitCode() == 0 && out.contains("SUCCESS"), out.contains("MPPE keys OK: 1  mismatch: 0"),
                f.find() ? f.group(1) : null, c.find() ? new String(HexFormat.of().parseHex(c.group(1)), StandardCharsets.US_ASCII)
                : null, r.millis(), out);
    }
}
