package org.onestop.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Swagger UI at {@code /docs/}, served from the org.webjars swagger-ui jar on our own classpath (no CDN), showing the
 * description at {@code /api/v1/openapi.yaml}. Its configuration ({@code swagger-initializer.js}) is ours: the
 * webjar's would load the petstore from the internet. Open like the description itself (docs/security.md, "API
 * description"); the calls "try it out" makes go to {@code /api/**} and need a partner's token like any other.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

    static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

    @Bean
    RouterFunction<ServerResponse> apiDocs() {
        String base = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        Resource index = new ClassPathResource(base + "index.html");
        Resource initializer = new ClassPathResource("docs/swagger-initializer.js");
        return RouterFunctions.route()
                .GET("/docs", request -> ServerResponse.permanentRedirect(URI.create("/docs/")).build())
                .GET("/docs/", request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache()).bodyValue(index))
                .GET("/docs/swagger-initializer.js", request -> ServerResponse.ok()
                        .contentType(new MediaType("text", "javascript")).cacheControl(CacheControl.noCache())
                        .bodyValue(initializer))
                .build()
                .and(RouterFunctions.resources("/docs/**", new ClassPathResource(base)));
    }

    /** The webjar's version, read from its own jar, so an upgrade is a change of the Maven property alone. */
    static String swaggerUiVersion() {
        try (InputStream in = new ClassPathResource(WEBJAR_PROPERTIES).getInputStream()) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("swagger-ui webjar missing from the classpath", e);
        }
    }
}
