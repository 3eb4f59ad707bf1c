package org.onestop.settlement.statement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.settlement.SettlementProperties;
import org.onestop.settlement.settle.SettlementAnswer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders a settlement as the 一单制结算单 through the Thymeleaf template {@code statement.html}: the province's from
 * {@code onestop.settlement.statement.template-dir} when that directory has one, else the built-in one
 * ({@code classpath:statement/statement.html}). The template receives one variable, {@code v}, a {@link StatementView};
 * Thymeleaf escapes every value it prints with {@code th:text}.
 */
@Component
public class StatementRenderer {

    static final String TEMPLATE = "statement";

    private final TemplateEngine engine = new TemplateEngine();
    private final StatementNames names;
    private final PolicyCatalog catalog;
    private final ZoneId zone;

    @Autowired
    StatementRenderer(StatementProperties properties, SettlementProperties settlement, PolicyCatalog catalog) {
        this(properties.templateDir().isBlank() ? null : Path.of(properties.templateDir()), properties.templateCache().toMillis(),
                catalog, settlement.zone());
    }

    StatementRenderer(Path templateDir, long cacheMillis, PolicyCatalog catalog, ZoneId zone) {
        this.catalog = catalog;
        this.zone = zone;
        this.names = new StatementNames(templateDir);
        int order = 1;
        if (templateDir != null) {
            if (!Files.isDirectory(templateDir)) {
                throw new IllegalStateException("onestop.settlement.statement.template-dir " + templateDir + " is not a directory");
            }
            FileTemplateResolver province = new FileTemplateResolver();
            province.setPrefix(templateDir.toAbsolutePath() + "/");
            province.setSuffix(".html");
            province.setTemplateMode(TemplateMode.HTML);
            province.setCharacterEncoding("UTF-8");
            province.setCheckExistence(true); // no statement.html there: the built-in one below
            province.setCacheTTLMs(cacheMillis);
            province.setOrder(order++);
            engine.addTemplateResolver(province);
        }
        ClassLoaderTemplateResolver builtIn = new ClassLoaderTemplateResolver();
        builtIn.setPrefix("statement/");
        builtIn.setSuffix(".html");
        builtIn.setTemplateMode(TemplateMode.HTML);
        builtIn.setCharacterEncoding("UTF-8");
        builtIn.setOrder(order);
        engine.addTemplateResolver(builtIn);
    }

    /** The statement page (HTML, UTF-8). */
    public String render(SettlementAnswer answer) {
        return render(view(answer));
    }

    String render(StatementView view) {
        Context context = new Context();
        context.setVariable("v", view);
        return engine.process(TEMPLATE, context);
    }

    StatementView view(SettlementAnswer answer) {
        return StatementView.of(answer, names, title(answer.policyVersion()), zone);
    }

    private String title(String version) {
        return catalog.all().stream().filter(p -> p.version().equals(version)).map(RegionPolicy::title).findFirst().orElse(null);
    }
}
