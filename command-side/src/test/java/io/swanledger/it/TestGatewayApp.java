package io.swanledger.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A bare Spring Boot application with the command side auto-configured: what a gateway embeds. */
@SpringBootApplication
public class TestGatewayApp {
}
