package org.onestop.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy library is plain Java: it depends on the JDK and SnakeYAML only, never on Spring or a service. */
class PolicyArchitectureTest {

    static final JavaClasses POLICY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onestop.policy");

    @Test
    void dependsOnNothingButTheJdkAndSnakeYaml() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.onestop.policy..", "org.yaml.snakeyaml..")
                .check(POLICY);
    }

    @Test
    void neverUsesFloatingPoint() {
        classes().should().onlyDependOnClassesThat().areNotAssignableTo(Double.class)
                .andShould().onlyDependOnClassesThat().areNotAssignableTo(Float.class)
                .check(POLICY);
    }
}
