package io.swanledger.gateway;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
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
 * The gateway's operator API: HTTP Basic (TLS terminated in front, or loopback only — the default),
 * one role, OPERATOR, for terminating sessions; everything else is denied. Passwords are stored
 * hashed ({@code {bcrypt}…}); with no users configured nobody gets in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(AdminSecurity.Users.class)
class AdminSecurity {

    static final String OPERATOR = "OPERATOR";

    /** {@code swanledger.admin.users[i].name / .password / .roles}. */
    @ConfigurationProperties("swanledger.admin")
    record Users(List<Account> users) {
        record Account(String name, String password, List<String> roles) {
        }
    }

    @Bean
    SecurityFilterChain adminApi(HttpSecurity http) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/sessions/*/terminate").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService operators(Users config) {
        List<UserDetails> users = new ArrayList<>();
        List<Users.Account> accounts = config.users() == null ? List.of() : config.users();
        for (int i = 0; i < accounts.size(); i++) {
            Users.Account a = accounts.get(i);
            String prefix = "swanledger.admin.users[" + i + "]";
            if (a.name() == null || !a.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException(prefix + ".name: letters, digits, '.', '_', '-' (1–64)");
            }
            if (a.password() == null || !a.password().startsWith("{")) {
                throw new IllegalStateException(prefix + ".password: give a hash with its id, e.g. {bcrypt}$2a$10$…");
            }
            if (a.roles() == null || !a.roles().equals(List.of(OPERATOR))) {
                throw new IllegalStateException(prefix + ".roles: [OPERATOR] (the gateway knows no other role)");
            }
            users.add(User.withUsername(a.name()).password(a.password()).roles(OPERATOR).build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
