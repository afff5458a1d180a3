package io.swanledger.it;

/** The domain suite on PostgreSQL (a fresh schema in the database scripts/test-postgres.sh prepares). */
class PostgresDomainSuiteTest extends DomainSuite {

    @Override
    Stores.Kind kind() {
        return Stores.Kind.POSTGRESQL;
    }
}
