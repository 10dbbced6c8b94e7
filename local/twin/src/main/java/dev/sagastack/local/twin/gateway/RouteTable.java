package dev.sagastack.local.twin.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The routes of an HTTP API and API Gateway's matching rules: a route key is {@code METHOD /path} with
 * {@code {name}} segments and an optional final greedy {@code {name+}}, or {@code $default}; {@code ANY}
 * matches every method. The most specific route wins: literal segments over parameters, parameters over
 * greedy, a method over {@code ANY}.
 */
public final class RouteTable {

    public static final String DEFAULT_ROUTE = "$default";

    private final List<Route> routes;
    private final boolean hasDefault;

    public RouteTable(List<String> routeKeys) {
        List<Route> parsed = new ArrayList<>();
        boolean defaultRoute = false;
        for (String key : routeKeys) {
            if (key.equals(DEFAULT_ROUTE)) {
                defaultRoute = true;
            } else {
                parsed.add(Route.parse(key));
            }
        }
        this.routes = List.copyOf(parsed);
        this.hasDefault = defaultRoute;
    }

    public List<String> routeKeys() {
        List<String> keys = new ArrayList<>(routes.stream().map(Route::key).toList());
        if (hasDefault) {
            keys.add(DEFAULT_ROUTE);
        }
        return keys;
    }

    /** The route API Gateway would select, with its decoded path parameters. */
    public Optional<RouteMatch> match(String method, String decodedPath) {
        String[] segments = segments(decodedPath);
        return routes.stream()
                .map(route -> route.match(method, segments))
                .flatMap(Optional::stream)
                .max((a, b) -> java.util.Arrays.compare(a.score(), b.score()))
                .map(Candidate::match)
                .or(() -> hasDefault ? Optional.of(new RouteMatch(DEFAULT_ROUTE, Map.of())) : Optional.empty());
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** A selected route: its key and path parameters. */
    public record RouteMatch(String routeKey, Map<String, String> pathParameters) {
        public RouteMatch {
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    private record Candidate(RouteMatch match, int[] score) {
    }

    private record Route(String key, String method, String[] segments) {

        static Route parse(String key) {
            int space = key.indexOf(' ');
            if (space < 0 || !key.substring(space + 1).startsWith("/")) {
                throw new IllegalArgumentException("route key must be 'METHOD /path' or $default: " + key);
            }
            String method = key.substring(0, space).toUpperCase(Locale.ROOT);
            String[] segments = RouteTable.segments(key.substring(space + 1));
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].endsWith("+}") && i != segments.length - 1) {
                    throw new IllegalArgumentException("a greedy path variable must be last: " + key);
                }
            }
            return new Route(key, method, segments);
        }

        Optional<Candidate> match(String requestMethod, String[] path) {
            if (!method.equals("ANY") && !method.equals(requestMethod)) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            List<Integer> score = new ArrayList<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (isGreedy(segment)) {
                    if (i >= path.length) {
                        return Optional.empty();
                    }
                    parameters.put(name(segment), String.join("/", java.util.Arrays.copyOfRange(path, i, path.length)));
                    score.add(0);
                    return Optional.of(candidate(parameters, score));
                }
                if (i >= path.length) {
                    return Optional.empty();
                }
                if (isParameter(segment)) {
                    if (path[i].isEmpty()) {
                        return Optional.empty();
                    }
                    parameters.put(name(segment), path[i]);
                    score.add(1);
                } else if (segment.equals(path[i])) {
                    score.add(2);
                } else {
                    return Optional.empty();
                }
            }
            return path.length == segments.length ? Optional.of(candidate(parameters, score)) : Optional.empty();
        }

        private Candidate candidate(Map<String, String> parameters, List<Integer> segmentScores) {
            // Segment by segment, a literal beats a parameter beats a greedy variable; then a method beats ANY.
            int[] score = new int[segmentScores.size() + 1];
            for (int i = 0; i < segmentScores.size(); i++) {
                score[i] = segmentScores.get(i);
            }
            score[segmentScores.size()] = method.equals("ANY") ? 0 : 1;
            return new Candidate(new RouteMatch(key, parameters), score);
        }

        private static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }

        private static boolean isGreedy(String segment) {
            return segment.startsWith("{") && segment.endsWith("+}");
        }

        private static String name(String segment) {
            return segment.substring(1, segment.length() - (isGreedy(segment) ? 2 : 1));
        }
    }
}
