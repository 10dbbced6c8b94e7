package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.json.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The versions and aliases of one state machine, with the rules of the API reference
 * (PublishStateMachineVersion, CreateStateMachineAlias, UpdateStateMachineAlias,
 * DeleteStateMachineVersion). Not thread-safe: the engine guards it with its state machine lock.
 */
final class VersionsAndAliases {
    /** Quotas: 1,000 versions and 100 aliases per state machine (PublishStateMachineVersion, CreateStateMachineAlias). */
    static final int MAX_VERSIONS = 1_000;
    static final int MAX_ALIASES = 100;

    record Published(StateMachineVersion info, Definition definition) {
    }

    private final String machineArn;
    private final TreeMap<Integer, Published> versions = new TreeMap<>();
    private final Map<String, StateMachineAlias> aliases = new LinkedHashMap<>();
    /** Version numbers are never reused, even after a delete. */
    private int nextVersion = 1;

    VersionsAndAliases(String machineArn) {
        this.machineArn = machineArn;
    }

    /** Publishes the machine's current revision, or returns the version already published for it. */
    StateMachineVersion publish(String definitionText, Definition definition, String roleArn, String currentRevision,
                                String expectedRevision, String description, Instant now) {
        if (expectedRevision != null && !expectedRevision.equals(currentRevision)) {
            throw new StepFunctionsException("ConflictException", "Failed to publish the State Machine version for"
                    + " revision " + expectedRevision + ". The current State Machine revision is " + currentRevision + ".");
        }
        for (Published p : versions.values()) {
            if (p.info().revisionId().equals(currentRevision)) {
                return p.info();
            }
        }
        if (versions.size() >= MAX_VERSIONS) {
            throw new StepFunctionsException("ServiceQuotaExceededException", "Failed to publish the State Machine"
                    + " version because the maximum number of versions (" + MAX_VERSIONS + ") has been reached.");
        }
        int n = nextVersion++;
        StateMachineVersion v = new StateMachineVersion(machineArn + ":" + n, n, definitionText, roleArn,
                Optional.ofNullable(description), now, currentRevision);
        versions.put(n, new Published(v, definition));
        return v;
    }

    Optional<Published> version(String versionArn) {
        for (Published p : versions.values()) {
            if (p.info().stateMachineVersionArn().equals(versionArn)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Newest first, as ListStateMachineVersions sorts them. */
    List<StateMachineVersion> versions() {
        List<StateMachineVersion> l = new ArrayList<>();
        versions.descendingMap().values().forEach(p -> l.add(p.info()));
        return l;
    }

    void deleteVersion(String versionArn) {
        List<String> referencing = new ArrayList<>();
        for (StateMachineAlias a : aliases.values()) {
            if (a.routingConfiguration().stream().anyMatch(r -> r.stateMachineVersionArn().equals(versionArn))) {
                referencing.add(a.stateMachineAliasArn());
            }
        }
        if (!referencing.isEmpty()) {
            throw new StepFunctionsException("ConflictException", "Version to be deleted must not be referenced by an"
                    + " alias. Current list of aliases referencing this version: " + referencing);
        }
        versions.values().removeIf(p -> p.info().stateMachineVersionArn().equals(versionArn));
    }

    StateMachineAlias createAlias(String name, String description, List<StateMachineAlias.Route> routing, Instant now) {
        checkRouting(routing);
        String arn = machineArn + ":" + name;
        StateMachineAlias existing = aliases.get(name);
        if (existing != null) {
            if (existing.routingConfiguration().equals(routing)
                    && existing.description().equals(Optional.ofNullable(description))) {
                return existing; // CreateStateMachineAlias is idempotent for the same parameters
            }
            throw new StepFunctionsException("ConflictException", "Failed to create alias because an alias with the"
                    + " same name and a different routing configuration already exists.");
        }
        if (aliases.size() >= MAX_ALIASES) {
            throw new StepFunctionsException("ServiceQuotaExceededException", "Failed to create alias because the"
                    + " maximum number of aliases (" + MAX_ALIASES + ") has been reached.");
        }
        StateMachineAlias a = new StateMachineAlias(arn, name, Optional.ofNullable(description), List.copyOf(routing),
                now, now);
        aliases.put(name, a);
        return a;
    }

    StateMachineAlias alias(String aliasArn) {
        StateMachineAlias a = aliasOrNull(aliasArn);
        if (a == null) {
            throw notFound(aliasArn);
        }
        return a;
    }

    StateMachineAlias aliasOrNull(String aliasArn) {
        String name = aliasArn.substring(aliasArn.lastIndexOf(':') + 1);
        StateMachineAlias a = aliases.get(name);
        return a != null && a.stateMachineAliasArn().equals(aliasArn) ? a : null;
    }

    static StepFunctionsException notFound(String arn) {
        return new StepFunctionsException("ResourceNotFound", "Resource not found: '" + arn + "'");
    }

    StateMachineAlias updateAlias(String aliasArn, String description, List<StateMachineAlias.Route> routing,
                                  Instant now) {
        StateMachineAlias a = alias(aliasArn);
        if (description == null && routing == null) {
            throw new StepFunctionsException("ValidationException", "Either the description or the routing"
                    + " configuration must be specified.");
        }
        if (routing != null) {
            checkRouting(routing);
        }
        StateMachineAlias u = new StateMachineAlias(a.stateMachineAliasArn(), a.name(),
                description == null ? a.description() : Optional.of(description),
                routing == null ? a.routingConfiguration() : List.copyOf(routing), a.creationDate(), now);
        aliases.put(a.name(), u);
        return u;
    }

    void deleteAlias(String aliasArn) {
        aliases.remove(alias(aliasArn).name());
    }

    List<StateMachineAlias> aliases() {
        return new ArrayList<>(aliases.values());
    }

    /** Picks the version an execution through the alias runs, by the routing weights. */
    Published route(StateMachineAlias alias, Random random) {
        int pick = random.nextInt(100);
        int sum = 0;
        for (StateMachineAlias.Route r : alias.routingConfiguration()) {
            sum += r.weight();
            if (pick < sum) {
                return version(r.stateMachineVersionArn()).orElseThrow();
            }
        }
        List<StateMachineAlias.Route> l = alias.routingConfiguration();
        return version(l.get(l.size() - 1).stateMachineVersionArn()).orElseThrow();
    }

    /** Routing rules (CreateStateMachineAlias, RoutingConfigurationListItem): 1-2 distinct versions of this machine, weights 0-100 summing to 100. */
    private void checkRouting(List<StateMachineAlias.Route> routing) {
        if (routing.isEmpty() || routing.size() > 2) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value at"
                    + " 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal"
                    + " to 2 and greater than or equal to 1");
        }
        int sum = 0;
        for (StateMachineAlias.Route r : routing) {
            if (r.weight() < 0 || r.weight() > 100) {
                throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '"
                        + r.weight() + "' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member"
                        + " must have value less than or equal to 100");
            }
            String v = r.stateMachineVersionArn();
            if (v == null || !v.startsWith(machineArn + ":")) {
                throw new StepFunctionsException("ValidationException", "Routing configuration must contain versions"
                        + " of the state machine '" + machineArn + "': '" + v + "'");
            }
            if (version(v).isEmpty()) {
                throw notFound(v);
            }
            sum += r.weight();
        }
        if (routing.size() == 2 && routing.get(0).stateMachineVersionArn().equals(routing.get(1).stateMachineVersionArn())) {
            throw new StepFunctionsException("ValidationException", "Routing configuration must contain distinct"
                    + " state machine versions.");
        }
        if (sum != 100) {
            throw new StepFunctionsException("ValidationException", "Sum of routing configuration weights must be"
                    + " equal to 100.");
        }
    }

    // ------------------------------------------------------------------ storage

    Map<String, Object> toJson() {
        List<Object> vs = new ArrayList<>();
        for (Published p : versions.values()) {
            StateMachineVersion v = p.info();
            vs.add(Json.obj("number", v.number(), "definition", v.definition(), "roleArn", v.roleArn(),
                    "description", v.description().orElse(null), "creationDate", v.creationDate().toString(),
                    "revisionId", v.revisionId()));
        }
        List<Object> as = new ArrayList<>();
        for (StateMachineAlias a : aliases.values()) {
            List<Object> routes = new ArrayList<>();
            a.routingConfiguration().forEach(r -> routes.add(Json.obj("version", r.stateMachineVersionArn(),
                    "weight", r.weight())));
            as.add(Json.obj("name", a.name(), "description", a.description().orElse(null), "routing", routes,
                    "creationDate", a.creationDate().toString(), "updateDate", a.updateDate().toString()));
        }
        return Json.obj("nextVersion", nextVersion, "versions", vs, "aliases", as);
    }

    static VersionsAndAliases fromJson(String machineArn, Object stored, Function<String, Definition> parse) {
        VersionsAndAliases va = new VersionsAndAliases(machineArn);
        if (!(stored instanceof Map)) {
            return va;
        }
        Map<String, Object> m = Json.asObject(stored);
        va.nextVersion = ((Number) m.get("nextVersion")).intValue();
        for (Object o : Json.asArray(m.get("versions"))) {
            Map<String, Object> v = Json.asObject(o);
            int n = ((Number) v.get("number")).intValue();
            String text = (String) v.get("definition");
            va.versions.put(n, new Published(new StateMachineVersion(machineArn + ":" + n, n, text,
                    (String) v.get("roleArn"), Optional.ofNullable((String) v.get("description")),
                    Instant.parse((String) v.get("creationDate")), (String) v.get("revisionId")), parse.apply(text)));
        }
        for (Object o : Json.asArray(m.get("aliases"))) {
            Map<String, Object> a = Json.asObject(o);
            List<StateMachineAlias.Route> routes = new ArrayList<>();
            for (Object r : Json.asArray(a.get("routing"))) {
                Map<String, Object> rm = Json.asObject(r);
                routes.add(new StateMachineAlias.Route((String) rm.get("version"), ((Number) rm.get("weight")).intValue()));
            }
            String name = (String) a.get("name");
            va.aliases.put(name, new StateMachineAlias(machineArn + ":" + name, name,
                    Optional.ofNullable((String) a.get("description")), routes,
                    Instant.parse((String) a.get("creationDate")), Instant.parse((String) a.get("updateDate"))));
        }
        return va;
    }
}
