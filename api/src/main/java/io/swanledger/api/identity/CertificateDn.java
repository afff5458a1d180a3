package io.swanledger.api.identity;

import io.swanledger.api.Inputs;

/**
 * A certificate subject or issuer distinguished name as reported by the AAA server. Kept as text
 * (DNs contain commas, '=' and spaces) but bounded and free of control characters.
 */
public final class CertificateDn {

    public static final int MAX_LENGTH = 1024;

    private CertificateDn() {
    }

    /** Returns the DN unchanged if acceptable, or null for null. */
    public static String check(String field, String dn) {
        return dn == null ? null : Inputs.text(field, dn, MAX_LENGTH);
    }
}
