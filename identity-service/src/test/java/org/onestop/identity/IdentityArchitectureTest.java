package org.onestop.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Service boundaries: identity-service talks to the other services only through topics and HTTP, never through
 * their code; the shared {@code events} contract is plain JDK Java so every service can take it without dragging
 * a framework along.
 */
class IdentityArchitectureTest {

    static final JavaClasses IDENTITY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onestop.identity");

    static final JavaClasses EVENTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onestop.events");

    @Test
    void importsNoOtherServicesPackages() {
        noClasses().that().resideInAPackage("org.onestop.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("org.onestop.settlement..",
                        "org.onestop.enrollment..", "org.onestop.monitoring..", "org.onestop.gateway..")
                .check(IDENTITY);
    }

    /**
     * Only {@code java.*} (and the contract's own classes). One exception, named rather than hidden behind a
     * {@code javax..} wildcard: {@code javax.crypto}, the JDK's own HMAC (module java.base), which
     * {@code ResidentIdNumber.personRef} uses so every service derives the same person reference.
     */
    @Test
    void eventsContractDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("org.onestop.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "org.onestop.events..")
                .check(EVENTS);
    }

    @Test
    void rulesSeeTheCode() {
        // guards against a rule passing vacuously because the importer found nothing
        org.assertj.core.api.Assertions.assertThat(IDENTITY.contain("org.onestop.identity.batch.BatchIngestion")).isTrue();
        org.assertj.core.api.Assertions.assertThat(EVENTS.contain("org.onestop.events.IdentityChanged")).isTrue();
    }
}
