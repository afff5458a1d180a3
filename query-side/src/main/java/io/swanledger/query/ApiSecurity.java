package io.swanledger.query;

import java.util.ArrayList;
import java.util.List;
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
    record Users(List<Account> users) {
        record Account(String name, String password, List<String> roles) {
        }
    }

    @Bean
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
        List<Users.Account> accounts = config.users() == null ? List.of() : config.users();
        for (int i = 0; i < accounts.size(); i++) {
            Users.Account a = accounts.get(i);
            String prefix = "swanledger.query.users[" + i + "]";
            if (a.name() == null || !a.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException(prefix + ".name: letters, digits, '.', '_', '-' (1–64)");
            }
            if (a.password() == null || !a.password().startsWith("{")) {
                throw new IllegalStateException(prefix + ".password: give a hash with its id, e.g. {bcrypt}$2a$10$…");
            }
            if (a.roles() == null || a.roles().isEmpty()
                    || !a.roles().stream().allMatch(r -> r.equals(AUDITOR) || r.equals(OPERATOR))) {
                throw new IllegalStateException(prefix + ".roles: AUDITOR and/or OPERATOR");
            }
            users.add(User.withUsername(a.name()).password(a.password()).roles(a.roles().toArray(String[]::new)).build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
