package io.swanledger.it;

/** The upgrade of a 0.1 store on H2, the single-host default. */
class UpgradedH2DomainSuiteTest extends UpgradedDomainSuite {

    @Override
    Stores.Kind kind() {
        return Stores.Kind.H2;
    }
}
