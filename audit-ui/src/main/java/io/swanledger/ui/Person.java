package io.swanledger.ui;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * Who is signed in, as the query side knows them: the name and roles it answered, and the password
 * they typed, which the UI presents again on each of their calls (as Kibana does with Elasticsearch),
 * so that the query side and the gateways check and record the person, never a service account. It
 * lives only in the server-side session, never in a cookie, a log or a page.
 */
record Person(String name, List<String> roles, char[] password) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public boolean is(String role) {
        return roles.contains(role) || roles.contains("ADMIN");
    }

    @Override
    public String toString() {
        return name + " " + roles; // never the password
    }
}
