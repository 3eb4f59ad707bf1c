package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiDescriptionTest {

    private static final OpenApiDescription DOC = OpenApiDescription.of("""
            components:
              schemas:
                Answer:
                  type: object
                  properties:
                    status: {type: string, enum: [SETTLED, REVERSED]}
                    layers: {type: array, items: {$ref: '#/components/schemas/Layer'}}
                    extra: {type: object, additionalProperties: {type: string}}
                Layer:
                  allOf:
                    - type: object
                      properties:
                        amount: {type: string}
            """);

    @Test
    void anAnswerEveryMemberOfWhichIsDescribedHasNothingUndescribed() {
        assertThat(DOC.undescribed("Answer", """
                {"status":"SETTLED","layers":[{"amount":"1.00"}],"extra":{"anything":"x"}}""")).isEmpty();
    }

    @Test
    void namesEachUndescribedMemberAtItsDepthAndEachValueOutsideItsEnum() {
        assertThat(DOC.undescribed("Answer", """
                {"status":"CANCELLED","layers":[{"amount":"1.00","window":null},{"amount":"2.00"}],"settledAt":null}"""))
                .containsExactly("layers[].window", "settledAt", "status: value CANCELLED not in the enum");
    }

    @Test
    void theServedDescriptionIsFoundFromAModuleDirectory() {
        assertThat(OpenApiDescription.served().schema("Settlement")).containsKey("properties");
    }
}
