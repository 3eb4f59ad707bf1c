package org.onestop.console.labels;

import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * Makes {@link Labels} the expression object {@code #labels} of every template. Spring Boot adds every
 * {@code IDialect} bean to its Thymeleaf engine.
 */
@Component
class LabelsDialect extends AbstractDialect implements IExpressionObjectDialect {

    static final String NAME = "labels";

    private final Labels labels;

    LabelsDialect(Labels labels) {
        super("OneStop labels");
        this.labels = labels;
    }

    @Override
    public IExpressionObjectFactory getExpressionObjectFactory() {
        return new IExpressionObjectFactory() {
            @Override
            public Set<String> getAllExpressionObjectNames() {
                return Set.of(NAME);
            }

            @Override
            public Object buildObject(IExpressionContext context, String expressionObjectName) {
                return NAME.equals(expressionObjectName) ? labels : null;
            }

            @Override
            public boolean isCacheable(String expressionObjectName) {
                return true;
            }
        };
    }
}
