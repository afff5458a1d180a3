package io.swanledger.ui;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-in with a form, checked by the query side ({@link QuerySideLogin}); pages by role (the query
 * side and the gateways check again, as the person); CSRF on every POST (htmx sends the token as a
 * header); a Content-Security-Policy that allows no inline script or style; an idle timeout
 * ({@code server.servlet.session.timeout}, 30 min) and an absolute lifetime (12 h).
 */
@Configuration(proxyBeanMethods = false)
class UiSecurity {

    static final String AUDITOR = "AUDITOR";
    static final String OPERATOR = "OPERATOR";
    static final String ADMIN = "ADMIN";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    QuerySide querySide(UiProperties properties) {
        return new QuerySide(properties.queryUrl());
    }

    @Bean
    Gateways gateways() {
        return new Gateways();
    }

    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        return io.swanledger.web.WebSecurity.management(http);
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain ui(HttpSecurity http, QuerySide querySide, UiProperties properties) throws Exception {
        http.authenticationProvider(new QuerySideLogin(querySide))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/live").hasAnyRole(OPERATOR, AUDITOR)
                        .requestMatchers("/live/**").hasRole(OPERATOR)
                        .requestMatchers("/sessions/export.csv").hasRole(AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/sessions/*", "/sessions/*/status").hasAnyRole(OPERATOR, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/", "/sessions", "/vlan-access", "/events", "/reports", "/reports/**",
                                "/audit").hasRole(AUDITOR)
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login").successHandler((req, res, auth) ->
                        res.sendRedirect(((Person) auth.getPrincipal()).is(AUDITOR) ? "/" : "/live"))
                        .failureHandler((req, res, e) -> res.sendRedirect(
                                e instanceof org.springframework.security.authentication.AuthenticationServiceException
                                        ? "/login?unavailable" : "/login?error"))
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
                .exceptionHandling(e -> e
                        // an htmx request that is no longer signed in gets a 401; app.js then reloads to the login
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                new RequestHeaderRequestMatcher("HX-Request"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), r -> true))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new AbsoluteLifetime(properties), SecurityContextHolderFilter.class);
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix().role(ADMIN).implies(AUDITOR, OPERATOR).build();
    }

    /** A sign-in ends after the absolute lifetime however active it was: the next request signs in again. */
    static final class AbsoluteLifetime extends OncePerRequestFilter {

        private final long lifetimeMillis;

        AbsoluteLifetime(UiProperties properties) {
            this.lifetimeMillis = properties.absoluteLifetime().toMillis();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            HttpSession session = request.getSession(false);
            if (session != null && System.currentTimeMillis() - session.getCreationTime() > lifetimeMillis) {
                session.invalidate();
                org.springframework.security.core.context.SecurityContextHolder.clearContext();
                if (request.getHeader("HX-Request") != null) {
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                } else {
                    response.sendRedirect("/login?expired");
                }
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
