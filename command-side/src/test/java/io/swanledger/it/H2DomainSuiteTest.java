package io.swanledger.it;

/** The domain suite on the default store: an H2 file database. */
class H2DomainSuiteTest extends DomainSuite {

    @Override
    Stores.Kind kind() {
        return Stores.Kind.H2;
    }
}
