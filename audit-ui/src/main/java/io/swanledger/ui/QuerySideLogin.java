package io.swanledger.ui;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Signs a person in by asking the query side who they are with the name and password they typed: the
 * query side holds the accounts and the roles, and records the sign-in. Nothing is checked here that
 * the query side would not check again.
 */
class QuerySideLogin implements AuthenticationProvider {

    private final QuerySide querySide;

    QuerySideLogin(QuerySide querySide) {
        this.querySide = querySide;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String name = attempt.getName();
        char[] password = String.valueOf(attempt.getCredentials()).toCharArray();
        Person probe = new Person(name, List.of(), password);
        QuerySide.Answer who;
        try {
            who = querySide.get(probe, "/api/whoami", null);
        } catch (QuerySide.Refused e) {
            throw new BadCredentialsException("wrong name or password");
        } catch (QuerySide.Unavailable e) {
            throw new AuthenticationServiceException("the query side cannot be reached; try again later");
        }
        List<String> roles = new ArrayList<>();
        who.json().path("roles").forEach(r -> roles.add(r.asText()));
        Person person = new Person(who.json().path("name").asText(name), List.copyOf(roles), password);
        return UsernamePasswordAuthenticationToken.authenticated(person, null,
                roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
