package io.swanledger.commandside;

import java.net.BindException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.springframework.boot.SpringApplication;

/**
 * Starts a swanledger application so that a start that fails says why in one line and exits non-zero
 * at once. (Spring Boot logs "Application run failed" and returns, but the threads it had started keep
 * the JVM alive; systemd's restart policy then never fires and the operator sees a process that does
 * nothing.)
 */
public final class Launcher {

    private static volatile String launched;

    private Launcher() {
    }

    /**
     * For checks that run before logging is set up (an environment post-processor): under the
     * launcher, a refused configuration is reported in one message and the process exits at once;
     * elsewhere (tests) the exception is thrown.
     */
    public static void refuse(IllegalStateException problem) {
        if (launched == null) {
            throw problem;
        }
        System.err.println(launched + ": the start failed: " + problem.getMessage());
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    public static void run(Class<?> application, String name, String[] args) {
        // Spring Boot's own report of a failed start is a stack trace; the reason is printed below instead
        System.setProperty("logging.level.org.springframework.boot.SpringApplication", "OFF");
        launched = name;
        try {
            SpringApplication.run(application, args);
        } catch (Throwable failure) {
            System.err.println(name + ": the start failed: " + reason(failure));
            if (!expected(failure)) {
                failure.printStackTrace(); // not a configuration problem: the whole story helps
            }
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    /** A refusal of ours (configuration, a definition the aggregate refuses) rather than a bug. */
    private static boolean expected(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof IllegalStateException || root instanceof IllegalArgumentException
                || root instanceof BindException || root instanceof ConnectException
                || root instanceof SQLException;
    }

    /** The innermost message: what the operator has to fix, not the layers of the framework around it. */
    static String reason(Throwable t) {
        String message = t.toString();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return message;
    }
}
