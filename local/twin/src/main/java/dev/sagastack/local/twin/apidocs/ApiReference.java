package dev.sagastack.local.twin.apidocs;

import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The HTTP API's OpenAPI document at {@code GET /openapi.json} and an interactive reference of it at
 * {@code GET /docs}: Swagger UI, every asset served from the {@code org.webjars:swagger-ui} jar on the classpath,
 * so the page works offline. These are the twin's own paths, not routes of the API.
 */
public final class ApiReference implements RouteRegistrar {

    public static final String DOCUMENT_PATH = "/openapi.json";
    public static final String PAGE_PATH = "/docs";

    private static final String OWN = "apidocs/";
    private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** Our page and initializer, then the Swagger UI files the page loads; nothing else of the jar is served. */
    private static final Map<String, String> OWN_FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "sagastack-docs.js", "text/javascript; charset=utf-8");
    private static final Map<String, String> WEBJAR_FILES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "index.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    /** Scripts and styles from this origin only; Swagger UI's icons are inline SVG data URIs. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final byte[] document;
    private final String webjarFolder;

    /** @param documentJson the OpenAPI document of the API the twin serves */
    public ApiReference(String documentJson) {
        this.document = documentJson.getBytes(StandardCharsets.UTF_8);
        this.webjarFolder = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(DOCUMENT_PATH, ctx -> ctx.header("cache-control", "no-cache")
                .contentType("application/json").result(document));
        // The router ignores a trailing slash: this serves both /docs and /docs/.
        routes.get(PAGE_PATH, ctx -> serve(ctx, "index.html"));
        routes.get(PAGE_PATH + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private void serve(Context ctx, String file) {
        String resource;
        String type;
        if (OWN_FILES.containsKey(file)) {
            resource = OWN + file;
            type = OWN_FILES.get(file);
        } else if (WEBJAR_FILES.containsKey(file)) {
            resource = webjarFolder + file;
            type = WEBJAR_FILES.get(file);
        } else {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
            return;
        }
        try (InputStream in = ApiReference.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
                return;
            }
            ctx.header("x-content-type-options", "nosniff");
            if (file.equals("index.html")) {
                ctx.header("content-security-policy", CONTENT_SECURITY_POLICY);
            }
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version folder of the webjar, from its Maven metadata, so a new pinned version needs no code change. */
    static String swaggerUiVersion() {
        try (InputStream in = ApiReference.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
