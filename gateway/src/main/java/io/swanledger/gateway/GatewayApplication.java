package io.swanledger.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The gateway on a VPN host: {@code java -jar gateway-exec.jar --spring.config.additional-location=file:/etc/swanledger/gateway.yml}. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
