package io.swanledger.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swanledger.web.ApiAccounts.Account;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiAccountsTest {

    static final String HASH = "{bcrypt}$2y$10$abcdefghijklmnopqrstuu5W1hJ8y4qGz5v7sI3b2Jc0bEwY1yK6e";

    @Test
    void acceptsHashedPasswordsAndKnownRoles() {
        List<Account> ok = List.of(new Account("noc-jdoe", HASH, List.of("OPERATOR")));
        assertEquals(ok, ApiAccounts.checked("swanledger.admin", ok, Set.of("OPERATOR")));
        assertEquals(List.of(), ApiAccounts.checked("swanledger.admin", null, Set.of("OPERATOR")));
    }

    @Test
    void refusesAPlainPasswordWithoutShowingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiAccounts.checked("swanledger.admin",
                List.of(new Account("noc-jdoe", "hunter2", List.of("OPERATOR"))), Set.of("OPERATOR")));
        assertTrue(e.getMessage().startsWith("swanledger.admin.users[0].password:"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void refusesARoleTheApplicationDoesNotKnowAndANameALogCannotShow() {
        assertThrows(IllegalStateException.class, () -> ApiAccounts.checked("swanledger.admin",
                List.of(new Account("noc-jdoe", HASH, List.of("AUDITOR"))), Set.of("OPERATOR")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiAccounts.checked("swanledger.query",
                List.of(new Account("ok", HASH, List.of("AUDITOR")), new Account("a b\n", HASH, List.of("AUDITOR"))),
                Set.of("AUDITOR")));
        assertTrue(e.getMessage().startsWith("swanledger.query.users[1].name:"), e.getMessage());
    }
}
