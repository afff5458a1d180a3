package io.swanledger.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The boundaries the design promises, checked on every module's classes (this module's tests see
 * them all): the messages free of Spring, the UI speaking only HTTP, the read side never sending
 * commands to the aggregates, no cycles between the packages of a connection's flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {

    private JavaClasses classes;

    @BeforeAll
    void read() {
        // every module's main classes: from target/classes or the modules' jars, never a test-jar
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.swanledger");
    }

    @Test
    void theMessagesDependOnNoFramework() {
        noClasses().that().resideInAPackage("io.swanledger.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..")
                .check(classes);
    }

    @Test
    void theUiKnowsNoEventStoreNoAggregateAndNoGateway() {
        noClasses().that().resideInAPackage("io.swanledger.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "io.swanledger.api..",
                        "io.swanledger.session..", "io.swanledger.pool..", "io.swanledger.vlan..", "io.swanledger.query..",
                        "io.swanledger.live..", "io.swanledger.radius..", "io.swanledger.gateway..")
                .check(classes);
    }

    @Test
    void theReadSideSendsNoCommandsToTheAggregates() {
        noClasses().that().resideInAnyPackage("io.swanledger.audit..", "io.swanledger.query..", "io.swanledger.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.swanledger.session..", "io.swanledger.pool..",
                        "io.swanledger.vlan..", "org.axonframework.commandhandling..")
                .check(classes);
    }

    @Test
    void thePackagesOfAConnectionsFlowHaveNoCycles() {
        slices().matching("io.swanledger.(*)..").should().beFreeOfCycles().check(classes);
    }
}
