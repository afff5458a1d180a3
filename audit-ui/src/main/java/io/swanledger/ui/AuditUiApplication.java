package io.swanledger.ui;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The audit UI: a web front of the query side and the gateways' operator API, with no data of its own. */
@SpringBootApplication(exclude = org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(UiProperties.class)
public class AuditUiApplication {

    /** Its defaults are {@code audit-ui.yml}, so that on a shared class path (tests) no other application reads them. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(AuditUiApplication.class).properties("spring.config.name=audit-ui").run(args);
    }
}
