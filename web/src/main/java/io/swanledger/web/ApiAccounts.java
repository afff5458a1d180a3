package io.swanledger.web;

import java.util.List;
import java.util.Set;

/**
 * The people an HTTP API of swanledger lets in, as configured ({@code <prefix>.users[i].name /
 * .password / .roles}), checked once for every application that has one: names a log can show,
 * passwords only as hashes with their id ({@code {bcrypt}…}), roles from the application's own set.
 */
public final class ApiAccounts {

    /** One configured account. */
    public record Account(String name, String password, List<String> roles) {
    }

    /** Spring Security's ids of real password hashes; {noop}, {sha256}, {MD5} and the like are not among them. */
    private static final List<String> HASHES = List.of("{bcrypt}", "{argon2", "{scrypt}", "{pbkdf2");

    private ApiAccounts() {
    }

    /** The accounts, or an {@link IllegalStateException} naming the first bad property. */
    public static List<Account> checked(String prefix, List<Account> accounts, Set<String> allowedRoles) {
        List<Account> all = accounts == null ? List.of() : accounts;
        for (int i = 0; i < all.size(); i++) {
            Account a = all.get(i);
            String at = prefix + ".users[" + i + "]";
            if (a.name() == null || !a.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalStateException(at + ".name: letters, digits, '.', '_', '-' (1–64)");
            }
            if (a.password() == null || HASHES.stream().noneMatch(a.password()::startsWith)) {
                throw new IllegalStateException(at + ".password: give a real hash with its id ("
                        + String.join(", ", HASHES) + "), e.g. {bcrypt}$2a$10$…; {noop} and other plain schemes are refused");
            }
            if (a.roles() == null || a.roles().isEmpty() || !allowedRoles.containsAll(a.roles())) {
                throw new IllegalStateException(at + ".roles: one or more of " + String.join(", ",
                        allowedRoles.stream().sorted().toList()));
            }
        }
        return all;
    }
}
