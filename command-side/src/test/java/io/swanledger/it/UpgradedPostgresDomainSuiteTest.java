package io.swanledger.it;

/** The upgrade of a 0.1 store on PostgreSQL. */
class UpgradedPostgresDomainSuiteTest extends UpgradedDomainSuite {

    @Override
    Stores.Kind kind() {
        return Stores.Kind.POSTGRESQL;
    }
}
