package io.swanledger.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code swanledger.routing.*}: how the kernel is made to match the routing state.
 *
 * @param backend         {@code off} (routing managed elsewhere; the state is still kept), {@code ip-rule}
 *                        (the seed's per-client rules) or {@code nft-set} (one set per VLAN, flat cost)
 * @param campus          destination prefix routed through the lab VLAN, e.g. 10.0.0.0/8
 * @param priority        the policy-rule priority that is ours alone
 * @param netns           run iproute2/nft inside this network namespace (labs, tests); empty: the host
 * @param reconcilePeriod how often the kernel is compared with the state even without changes
 */
@ConfigurationProperties("swanledger.routing")
public record RoutingProperties(@DefaultValue("off") String backend, String campus, @DefaultValue("30001") int priority,
                                String netns, @DefaultValue("30s") Duration reconcilePeriod) {
}
