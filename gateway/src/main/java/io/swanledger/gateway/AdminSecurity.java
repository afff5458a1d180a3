package io.swanledger.gateway;

import io.swanledger.web.ApiAccounts;
import io.swanledger.web.WebSecurity;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The gateway's operator API: HTTP Basic (TLS terminated in front, or loopback only — the default),
 * one role, OPERATOR, for terminating sessions, loading the lab-VLAN list and reading the gateway's status; everything else is
 * denied. Passwords are stored hashed ({@code {bcrypt}…}); with no users configured nobody gets in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(AdminSecurity.Users.class)
class AdminSecurity {

    static final String OPERATOR = "OPERATOR";

    /** {@code swanledger.admin.users[i].name / .password / .roles}. */
    @ConfigurationProperties("swanledger.admin")
    record Users(List<ApiAccounts.Account> users) {
    }

    /**
     * Health and the Prometheus scrape: open, because the management port is bound to loopback by
     * default ({@code management.server.address}); put it behind a proxy with authentication before
     * binding it elsewhere.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        return WebSecurity.management(http);
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain adminApi(HttpSecurity http) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/sessions/*/terminate").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/status").hasRole(OPERATOR)
                        .requestMatchers("/api/access-list").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return WebSecurity.passwords(java.time.Duration.ofMinutes(5));
    }

    @Bean
    UserDetailsService operators(Users config) {
        return WebSecurity.users("swanledger.admin", config.users(), Set.of(OPERATOR));
    }
}
