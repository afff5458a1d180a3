package io.swanledger.gateway;

import io.swanledger.accesslist.AccessListCommand;
import io.swanledger.commandside.Launcher;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The gateway on a VPN host: {@code java -jar gateway-exec.jar --spring.config.additional-location=file:/etc/swanledger/gateway.yml}. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--version")) {
            String v = GatewayApplication.class.getPackage().getImplementationVersion();
            System.out.println("swanledger-gateway " + (v == null ? "(development build)" : v));
            return;
        }
        if (args.length > 0 && args[0].equals(AccessListCommand.NAME)) {
            System.exit(AccessListCommand.run(List.of(args).subList(1, args.length), System.getenv(),
                    System.out, System.err));
        }
        Launcher.run(GatewayApplication.class, "swanledger-gateway", args);
    }
}
