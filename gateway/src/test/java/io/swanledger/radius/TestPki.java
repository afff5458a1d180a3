package io.swanledger.radius;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test certificates made with the openssl CLI: the campus CA (server, alice and bob), and a second
 * "other institution" CA whose client certificate also says CN=alice.
 */
final class TestPki {

    static final String CAMPUS_ISSUER = "/C=JP/O=Campus University/CN=Campus Test CA";
    static final String OTHER_ISSUER = "/C=JP/O=Other Institute/CN=Other Test CA";

    final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.ext"), "extendedKeyUsage=serverAuth\n");
            Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            ca("campus", CAMPUS_ISSUER);
            ca("other", OTHER_ISSUER);
            cert("server", "/C=JP/O=Campus University/CN=radius.campus.test", "campus", "server.ext");
            cert("alice", "/C=JP/O=Campus University/CN=alice", "campus", "client.ext");
            cert("mallory", "/C=JP/O=Other Institute/CN=alice", "other", "client.ext");
            cert("bob", "/C=JP/O=Campus University/CN=bob", "campus", "client.ext");
            Files.writeString(dir.resolve("cas.crt"),
                    Files.readString(dir.resolve("campus.crt")) + Files.readString(dir.resolve("other.crt")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    private void ca(String name, String dn) {
        Processes.check(dir, List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".crt").toString(),
                "-days", "30", "-subj", dn));
    }

    private void cert(String name, String dn, String ca, String ext) {
        Processes.check(dir, List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".csr").toString(), "-subj", dn));
        List<String> sign = new ArrayList<>(List.of("openssl", "x509", "-req", "-in", dir.resolve(name + ".csr").toString(),
                "-CA", dir.resolve(ca + ".crt").toString(), "-CAkey", dir.resolve(ca + ".key").toString(),
                "-CAcreateserial", "-out", dir.resolve(name + ".crt").toString(), "-days", "30",
                "-extfile", dir.resolve(ext).toString()));
        Processes.check(dir, sign);
    }
}
