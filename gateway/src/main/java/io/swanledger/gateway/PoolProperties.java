package io.swanledger.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.pool.*}: the client address pool this gateway hands out from. Defined in the
 * event store at the first start; a later start with other values keeps the stored definition and
 * says so.
 *
 * @param id         pool name (lower-case letters, digits, '.', '-')
 * @param network    the pool's network, e.g. 10.1.0.0/16 (network and broadcast are never handed out)
 * @param ranges     address ranges handed out, e.g. 10.1.0.10-10.1.255.250
 * @param reserved   addresses never handed out (gateway, servers)
 * @param quarantine how long a released address rests before another account may get it
 */
@ConfigurationProperties("swanledger.pool")
public record PoolProperties(@DefaultValue("clients") String id, String network, List<String> ranges,
                             List<String> reserved, @DefaultValue("0s") Duration quarantine) {
}
