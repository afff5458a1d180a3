package io.swanledger.query;

import io.swanledger.commandside.ApiAccounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
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
 * Every API call needs a person and a role: AUDITOR (security team, compliance) may search and run
 * reports; OPERATOR (network operations) may search. HTTP Basic over TLS terminated in front;
 * passwords are stored hashed ({@code {bcrypt}…}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurity.Users.class)
class ApiSecurity {

    static final String AUDITOR = "AUDITOR";
    static final String OPERATOR = "OPERATOR";

    /** {@code swanledger.query.users[i].name / .password / .roles}. */
    @ConfigurationProperties("swanledger.query")
    record Users(List<ApiAccounts.Account> users) {
    }

    /** Health and the Prometheus scrape: open on the management port, which listens on loopback by default. */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/api/reports/**").hasRole(AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/api/sessions/**", "/api/sessions", "/api/events")
                        .hasAnyRole(AUDITOR, OPERATOR)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(Users config) {
        List<UserDetails> users = new ArrayList<>();
        for (ApiAccounts.Account a : ApiAccounts.checked("swanledger.query", config.users(), Set.of(AUDITOR, OPERATOR))) {
            users.add(User.withUsername(a.name()).password(a.password()).roles(a.roles().toArray(String[]::new)).build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
