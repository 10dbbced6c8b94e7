package dev.sagastack.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar's log4j plugin cache holds only the plugins our configuration uses. Log4j loads the class of
 * every plugin its caches list when it starts (about 250 in log4j-core and the JSON template layout, with
 * their supertypes several hundred classes), which was about half of a function's cold start; the jar ships
 * this trimmed cache in place of theirs (see the shade filters in lambdas/pom.xml).
 *
 * <p>After a log4j, layout or Powertools upgrade, or a change of log4j2.properties, regenerate the file with
 * {@code -Dsagastack.writePluginCache=true} and keep this test green.
 */
class LogPluginCacheTest {

    static final String CACHE = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";
    private static final Path COMMITTED = Path.of("src/main/resources", CACHE);

    /** Per category, the plugin keys log4j2.properties and Powertools' LambdaJsonLayout.json need. */
    static final Map<String, Set<String>> KEEP = new TreeMap<>(Map.of(
            "configurationfactory", Set.of("propertiesconfigurationfactory"),
            "core", Set.of("appenderref", "appenders", "console", "jsontemplatelayout", "eventtemplateadditionalfield",
                    "logger", "loggers", "root", "properties", "property", "filters", "customlevels", "customlevel",
                    "keyvaluepair"),
            "jsontemplateresolverfactory", Set.of("levelresolverfactory", "messageresolverfactory",
                    "exceptionresolverfactory", "powertoolsresolverfactory", "timestampresolverfactory"),
            "jsontemplateresolverinterceptor", Set.of("eventadditionalfieldinterceptor", "eventrootobjectkeyinterceptor"),
            // attribute conversion: the primitive wrappers (log4j registers them at start) and our attributes' types
            "typeconverter", Set.of("boolean", "byte", "character", "double", "float", "integer", "long", "short", "charset",
                    "level", "string", "recyclerfactoryconverter")));

    @Test
    void committedCacheIsTheTrimOfTheLibrariesCaches() throws IOException {
        byte[] expected = trimmedCache();
        if (Boolean.getBoolean("sagastack.writePluginCache")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.write(COMMITTED, expected);
        }
        assertThat(Files.readAllBytes(COMMITTED))
                .as("%s is stale: rerun with -Dsagastack.writePluginCache=true", COMMITTED)
                .isEqualTo(expected);
    }

    @Test
    void everyKeptPluginExistsInTheLibraries() throws IOException {
        Map<String, Map<String, PluginEntry>> all = librariesCaches().getAllCategories();
        KEEP.forEach((category, keys) -> assertThat(all.get(category)).as(category).containsKeys(keys.toArray(String[]::new)));
    }

    /**
     * Log4j started in a class loader that sees only the trimmed cache logs our JSON lines with the invocation's
     * keys, and reports no configuration error (a plugin left out would be one).
     */
    @Test
    void log4jWithOnlyTheTrimmedCacheWritesTheJsonLayout() throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new OnlyTrimmedCache(classPath())) {
            // log4j finds plugins and their classes through the context class loader
            Thread.currentThread().setContextClassLoader(loader);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Class<?> mdc = loader.loadClass("org.slf4j.MDC");
            mdc.getMethod("put", String.class, String.class).invoke(null, "orderId", "order-42");
            Object logger = loader.loadClass("org.slf4j.LoggerFactory").getMethod("getLogger", String.class)
                    .invoke(null, "dev.sagastack.saga.Trimmed");
            Method info = logger.getClass().getMethod("info", String.class, Object.class);
            info.invoke(logger, "reserved {}", "BENCH");
            Method error = logger.getClass().getMethod("error", String.class, Throwable.class);
            error.invoke(logger, "failed", new IllegalStateException("boom"));
            Class<?> manager = loader.loadClass("org.apache.logging.log4j.LogManager");
            manager.getMethod("shutdown").invoke(null);
        } finally {
            Thread.currentThread().setContextClassLoader(context);
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("log4j status errors").doesNotContain("ERROR");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("message").asText()).isEqualTo("reserved BENCH");
        assertThat(first.path("orderId").asText()).isEqualTo("order-42");
        assertThat(first.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode second = new ObjectMapper().readTree(lines[1]);
        assertThat(second.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(second.path("error").path("stack").asText()).contains("LogPluginCacheTest");
    }

    /** The libraries' caches merged (what the shade transformer would write), then only {@link #KEEP}. */
    static byte[] trimmedCache() throws IOException {
        PluginCache all = librariesCaches();
        PluginCache trimmed = new PluginCache();
        KEEP.forEach((category, keys) -> {
            Map<String, PluginEntry> source = all.getCategory(category);
            Map<String, PluginEntry> target = trimmed.getCategory(category);
            new TreeMap<>(source).forEach((key, entry) -> {
                if (keys.contains(key)) {
                    target.put(key, entry);
                }
            });
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trimmed.writeCache(bytes);
        return bytes.toByteArray();
    }

    private static PluginCache librariesCaches() throws IOException {
        List<URL> libraries = new ArrayList<>();
        for (URL url : Collections.list(LogPluginCacheTest.class.getClassLoader().getResources(CACHE))) {
            if (url.getProtocol().equals("jar")) { // ours is a file under target/classes
                libraries.add(url);
            }
        }
        assertThat(libraries).as("log4j-core, the JSON template layout and Powertools' caches").hasSizeGreaterThanOrEqualTo(3);
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(libraries));
        return cache;
    }

    private static URL[] classPath() throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    /** Loads its own log4j and slf4j; of the plugin caches it shows only ours, as the shaded jar has only ours. */
    private static final class OnlyTrimmedCache extends URLClassLoader {
        OnlyTrimmedCache(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (!name.equals(CACHE)) {
                return super.getResources(name);
            }
            List<URL> ours = new ArrayList<>();
            for (URL url : Collections.list(super.getResources(name))) {
                if (url.getProtocol().equals("file")) {
                    ours.add(url);
                }
            }
            return Collections.enumeration(ours);
        }
    }
}
