package dev.sagastack.local.twin.console;

import dev.sagastack.local.twin.http.RouteRegistrar;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Serves the console's static page (HTML, CSS, JavaScript from the classpath folder {@code console/}). */
public final class ConsoleAssets implements RouteRegistrar {

    /** Content types by extension: every page's own script and style sheet is served without listing it here. */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");
    /** Plain file names only: nothing outside the {@code console/} folder can be named. */
    private static final Pattern FILE = Pattern.compile("[a-z][a-z0-9-]*\\.(html|css|js)");

    @Override
    public void register(RoutesConfig routes) {
        // The router ignores a trailing slash: this serves both /console and /console/.
        routes.get("/console", ctx -> serve(ctx, "index.html"));
        routes.get("/console/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private static void serve(Context ctx, String file) {
        Matcher name = FILE.matcher(file);
        String type = name.matches() ? TYPES.get(name.group(1)) : null;
        if (type == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
            return;
        }
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + file)) {
            if (in == null) {
                ctx.status(404).result("not found");
                return;
            }
            ctx.header("cache-control", "no-cache");
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
