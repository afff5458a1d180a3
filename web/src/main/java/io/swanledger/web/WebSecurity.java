package io.swanledger.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * What the gateway's operator API, the query side's API and the audit UI build their security from,
 * so that each decides only its own roles and paths.
 */
public final class WebSecurity {

    private WebSecurity() {
    }

    /**
     * Health and the Prometheus scrape: open, stateless, on the management port, which listens on
     * loopback by default ({@code management.server.address}); put it behind a proxy with
     * authentication before binding it elsewhere. Register it first ({@code @Order(1)}).
     */
    public static SecurityFilterChain management(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /** The configured accounts ({@code <prefix>.users}), checked by {@link ApiAccounts}, as Spring Security's users. */
    public static UserDetailsService users(String prefix, List<ApiAccounts.Account> accounts, Set<String> roles) {
        List<UserDetails> users = new ArrayList<>();
        for (ApiAccounts.Account a : ApiAccounts.checked(prefix, accounts, roles)) {
            users.add(User.withUsername(a.name()).password(a.password()).roles(a.roles().toArray(String[]::new)).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** Spring Security's hash formats ({bcrypt}…), remembering verified passwords for {@code remember}. */
    public static PasswordEncoder passwords(Duration remember) {
        return new RememberingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(), remember);
    }
}
