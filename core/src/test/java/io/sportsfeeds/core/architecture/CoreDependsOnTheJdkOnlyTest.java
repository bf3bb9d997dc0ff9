package io.sportsfeeds.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core is the part both apps share: it stays free of AWS, HTTP, JSON and logging libraries. */
class CoreDependsOnTheJdkOnlyTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sportsfeeds.core");

    @Test
    void coreUsesNothingButTheJdkAndItself() {
        classes()
                .that()
                .resideInAPackage("io.sportsfeeds.core..")
                .should()
                .onlyDependOnClassesThat()
                // javax.crypto is the JDK's too (java.base): client secrets are hashed with its PBKDF2.
                .resideInAnyPackage("io.sportsfeeds.core..", "java..", "javax.crypto..")
                .because("core depends on the JDK only (DESIGN.md)")
                .check(core);
    }

    @Test
    void domainDependsOnNothingButItselfAndTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.sportsfeeds.core.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.sportsfeeds.core.domain..", "java..")
                .check(core);
    }
}
