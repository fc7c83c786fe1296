package dev.drover.dashboard.view;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * Renders the jte templates of {@code src/main/jte}, compiled to classes at build time (jte-maven-plugin) in their
 * own package, so a host application's templates never clash with ours. HTML content type: every {@code ${...}}
 * is escaped for where it stands (text, attribute, URL), so job names and data cannot inject markup.
 */
public final class Views {

    public static final String PACKAGE = "dev.drover.dashboard.templates";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Views.class.getClassLoader(), PACKAGE);

    /** Renders a template that takes named parameters. */
    public String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }
}
