package io.swanledger.query;

import io.swanledger.web.ApiAccounts;
import io.swanledger.web.WebSecurity;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call needs a person and a role. AUDITOR (security team, compliance): searches, exports,
 * reports, the audit log. OPERATOR (network operations): live sessions and single sessions, no bulk
 * search or export. ADMIN: both. HTTP Basic over TLS (this server's own, or terminated in front);
 * passwords only as real hashes ({@code {bcrypt}…}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurity.Users.class)
class ApiSecurity {

    static final String AUDITOR = "AUDITOR";
    static final String OPERATOR = "OPERATOR";
    static final String ADMIN = "ADMIN";

    /** {@code swanledger.query.users[i].name / .password / .roles}. */
    @ConfigurationProperties("swanledger.query")
    record Users(List<ApiAccounts.Account> users) {
    }

    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        return WebSecurity.management(http);
    }

    /**
     * Roles by path, for any method: a wrong method or Accept then gets its honest 405 or 406 from the
     * handlers, not a 403. No sessions, no cookies, so no CSRF to forge.
     */
    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/reports/**", "/api/audit", "/api/events", "/api/leases", "/api/vlan-access",
                                "/api/sessions").hasRole(AUDITOR)
                        .requestMatchers("/api/sessions/**", "/api/live-sessions").hasAnyRole(AUDITOR, OPERATOR)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(ADMIN).implies(AUDITOR, OPERATOR).build();
    }

    /** Refusals (401, 403) become events, which {@link QueryAudit} records. */
    @Bean
    AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher publisher) {
        return new SpringAuthorizationEventPublisher(publisher);
    }

    @Bean
    PasswordEncoder passwordEncoder(
            @org.springframework.beans.factory.annotation.Value("${swanledger.query.remember-verified-passwords:5m}")
            java.time.Duration remember) {
        return WebSecurity.passwords(remember);
    }

    @Bean
    UserDetailsService users(Users config) {
        return WebSecurity.users("swanledger.query", config.users(), Set.of(AUDITOR, OPERATOR, ADMIN));
    }
}
