package io.swanledger.accesslist;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar gateway.jar import-access-list [--dry-run] [--url U] [--user NAME] FILE}: sends an
 * export to the running gateway's operator API, for scripts and cron, and prints what it changed (or
 * would change) or every bad line. It is a client of the API rather than a second writer of the store,
 * so the gateway's checks, its audit (the operator's name) and its single H2 file all stay as they are.
 * The password comes from {@code SWANLEDGER_PASSWORD} or {@code --password-file}, never the command line.
 * Exit status: 0 imported, unchanged or previewed; 1 refused; 2 usage, connection or server error.
 */
public final class AccessListCommand {

    public static final String NAME = "import-access-list";
    private static final String USAGE = "usage: import-access-list [--dry-run] [--url http://127.0.0.1:8442] [--user NAME] "
            + "[--password-file FILE] EXPORT_FILE\n  password: $SWANLEDGER_PASSWORD or --password-file; user: --user or $SWANLEDGER_USER";

    private AccessListCommand() {
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean dryRun = false;
        String url = "http://127.0.0.1:8442";
        String user = env.get("SWANLEDGER_USER");
        String password = env.get("SWANLEDGER_PASSWORD");
        List<String> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--dry-run" -> dryRun = true;
                    case "--url" -> url = args.get(++i);
                    case "--user" -> user = args.get(++i);
                    case "--password-file" -> password = Files.readString(Path.of(args.get(++i))).strip();
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            err.println("unknown option " + a + "\n" + USAGE);
                            return 2;
                        }
                        files.add(a);
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            err.println("an option needs a value\n" + USAGE);
            return 2;
        } catch (IOException e) {
            err.println("cannot read the password file: " + e.getMessage());
            return 2;
        }
        if (files.size() != 1 || user == null || password == null) {
            err.println((files.size() != 1 ? "one export file is needed" : "a user and a password are needed") + "\n" + USAGE);
            return 2;
        }
        Path file = Path.of(files.get(0));
        try {
            String query = "?dry-run=" + dryRun + "&source=" + URLEncoder.encode(file.toAbsolutePath().toString(),
                    StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/access-list" + query))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            switch (response.statusCode()) {
                case 200 -> {
                    out.println(response.body());
                    return 0;
                }
                case 422 -> {
                    err.println(response.body());
                    return 1;
                }
                case 401, 403 -> {
                    err.println("the gateway refused " + user + " (HTTP " + response.statusCode() + "): an OPERATOR is needed");
                    return 2;
                }
                default -> {
                    err.println("the gateway answered HTTP " + response.statusCode() + ": " + response.body());
                    return 2;
                }
            }
        } catch (IOException e) {
            err.println("cannot send " + file + " to " + url + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("not a URL: " + url);
            return 2;
        }
    }
}
