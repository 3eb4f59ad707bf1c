package org.onestop.messaging;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The messaging module is infrastructure: of the suite's own code it uses only the topic registry, the topic type and
 * the header names of the event contracts; no service package, no policy, no event record.
 */
class MessagingArchitectureTest {

    static final JavaClasses MESSAGING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.onestop.messaging");

    static final Set<String> CONTRACTS_ALLOWED = Set.of("org.onestop.events.Topic", "org.onestop.events.Topics",
            "org.onestop.events.CloudEventHeaders", "org.onestop.events.PersonRefSecret");

    static final DescribedPredicate<JavaClass> DOMAIN = DescribedPredicate.describe(
            "are suite classes other than messaging's own and the topic registry",
            c -> c.getPackageName().startsWith("org.onestop")
                    && !c.getPackageName().startsWith("org.onestop.messaging")
                    && !CONTRACTS_ALLOWED.contains(c.getName()));

    @Test
    void importsNoDomainPackageOrEventRecord() {
        noClasses().should().dependOnClassesThat(DOMAIN).check(MESSAGING);
    }
}
