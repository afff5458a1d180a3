package io.swanledger.ui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The audit UI: a web front of the query side and the gateways' operator API, with no data of its own. */
@SpringBootApplication(exclude = org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(UiProperties.class)
public class AuditUiApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuditUiApplication.class, args);
    }
}
