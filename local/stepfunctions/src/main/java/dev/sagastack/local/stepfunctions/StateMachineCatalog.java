package dev.sagastack.local.stepfunctions;

import dev.sagastack.local.stepfunctions.asl.Definition;
import dev.sagastack.local.stepfunctions.asl.DefinitionParser;
import dev.sagastack.local.stepfunctions.asl.InvalidDefinitionException;
import dev.sagastack.local.stepfunctions.json.Json;
import dev.sagastack.local.stepfunctions.runtime.ExecutionRun;
import dev.sagastack.local.stepfunctions.runtime.Scheduler;
import dev.sagastack.local.stepfunctions.store.ExecutionStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The state machines of an engine, with their versions, aliases and tags: CreateStateMachine,
 * UpdateStateMachine, Describe/List/DeleteStateMachine, the version and alias operations, and which
 * definition a (possibly version- or alias-qualified) ARN starts. Changes are serialized on
 * {@link #lock()} and saved to the store.
 */
final class StateMachineCatalog {
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]");

    private final String region;
    private final String account;
    private final Scheduler scheduler;
    private final ExecutionStore store;
    /** Chooses the version of each execution started through a weighted alias. */
    private final Random routing;
    private final Map<String, StateMachineRecord> stateMachines = new ConcurrentHashMap<>();

    /** A stored state machine. */
    record StateMachineRecord(String arn, String name, String definitionText, Definition definition, String roleArn,
                              String type, Instant creationDate, String revisionId, VersionsAndAliases versions,
                              Map<String, String> tags) {
        StateMachineInfo info() {
            return new StateMachineInfo(arn, name, definitionText, roleArn, type, creationDate, revisionId);
        }

        Map<String, Object> toJson() {
            return Json.obj("arn", arn, "name", name, "definition", definitionText, "roleArn", roleArn, "type", type,
                    "creationDate", creationDate.toString(), "revisionId", revisionId, "versions", versions.toJson(),
                    "tags", new LinkedHashMap<String, Object>(tags));
        }
    }

    /** What an execution runs: the machine, and the version (and alias) a qualified ARN chose. */
    record Target(StateMachineRecord machine, Definition definition, String definitionText, String roleArn,
                  String versionArn, String aliasArn) {
    }

    StateMachineCatalog(String region, String account, Scheduler scheduler, ExecutionStore store, long seed) {
        this.region = region;
        this.account = account;
        this.scheduler = scheduler;
        this.store = store;
        this.routing = new Random(seed);
    }

    /** The lock every change of a state machine, an activity or a tag holds. */
    Object lock() {
        return stateMachines;
    }

    String stateMachineArn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    String defaultRole() {
        return "arn:aws:iam::" + account + ":role/StepFunctionsLocalRole";
    }

    /** CreateStateMachine: validates, then stores. Same name with the same definition returns the existing one. */
    StateMachineInfo createStateMachine(String name, String definition, Map<String, String> substitutions,
                                               String roleArn, String type) {
        checkName(name);
        String t = type == null ? "STANDARD" : type;
        if (!t.equals("STANDARD") && !t.equals("EXPRESS")) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
        String text = StepFunctionsEngine.substitute(definition, substitutions);
        Definition def = parse(text);
        if (t.equals("EXPRESS")) {
            ExpressLimits.check(def);
        }
        String arn = stateMachineArn(name);
        String role = roleArn == null ? defaultRole() : roleArn;
        synchronized (stateMachines) {
            StateMachineRecord existing = stateMachines.get(arn);
            if (existing != null) {
                if (existing.definitionText.equals(text) && existing.roleArn.equals(role) && existing.type.equals(t)) {
                    return existing.info();
                }
                throw new StepFunctionsException("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
            }
            StateMachineRecord r = new StateMachineRecord(arn, name, text, def, role, t, scheduler.now(),
                    UUID.randomUUID().toString(), new VersionsAndAliases(arn), new LinkedHashMap<>());
            stateMachines.put(arn, r);
            store.saveStateMachine(r.arn, r.toJson());
            return r.info();
        }
    }

    private static Definition parse(String text) {
        try {
            return DefinitionParser.parse(text);
        } catch (InvalidDefinitionException e) {
            throw new StepFunctionsException("InvalidDefinition", e.getMessage());
        }
    }

    /** UpdateStateMachine: new executions use the new definition; running ones keep theirs. */
    StateMachineInfo updateStateMachine(String arn, String definition, Map<String, String> substitutions,
                                               String roleArn) {
        checkNotVersionOrAlias(arn);
        String text = definition == null ? null : StepFunctionsEngine.substitute(definition, substitutions);
        Definition def = text == null ? null : parse(text);
        synchronized (stateMachines) {
            StateMachineRecord r = machine(arn);
            StateMachineRecord u = new StateMachineRecord(arn, r.name, text == null ? r.definitionText : text,
                    def == null ? r.definition : def, roleArn == null ? r.roleArn : roleArn, r.type, r.creationDate,
                    UUID.randomUUID().toString(), r.versions, r.tags);
            stateMachines.put(arn, u);
            store.saveStateMachine(arn, u.toJson());
            return u.info();
        }
    }

    /** DescribeStateMachine of a state machine or of one of its versions (an alias ARN is refused). */
    StateMachineInfo describeStateMachine(String arn) {
        checkStateMachineArn(arn);
        String q = qualifier(arn);
        if (q == null) {
            return machine(arn).info();
        }
        if (!q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
        synchronized (stateMachines) {
            StateMachineRecord m = machine(unqualified(arn));
            StateMachineVersion v = m.versions.version(arn).orElseThrow(() -> noMachine(arn)).info();
            return new StateMachineInfo(v.stateMachineVersionArn(), m.name, v.definition(), v.roleArn(), m.type,
                    v.creationDate(), v.revisionId(), v.description());
        }
    }

    /** The part after the state machine name in a version or alias ARN, or null for an unqualified ARN. */
    static String qualifier(String arn) {
        String rest = arn.substring(arn.indexOf(":stateMachine:") + ":stateMachine:".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? null : rest.substring(colon + 1);
    }

    static String unqualified(String arn) {
        String q = qualifier(arn);
        return q == null ? arn : arn.substring(0, arn.length() - q.length() - 1);
    }

    static StepFunctionsException noMachine(String arn) {
        return new StepFunctionsException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }

    List<StateMachineInfo> listStateMachines() {
        List<StateMachineInfo> l = new ArrayList<>();
        stateMachines.values().forEach(r -> l.add(r.info()));
        l.sort(Comparator.comparing(StateMachineInfo::name));
        return l;
    }

    void deleteStateMachine(String arn) {
        checkNotVersionOrAlias(arn);
        synchronized (stateMachines) {
            // a state machine's versions and aliases go with it
            if (stateMachines.remove(arn) != null) {
                store.deleteStateMachine(arn);
            }
        }
    }

    StateMachineRecord machine(String arn) {
        StateMachineRecord r = stateMachines.get(arn);
        if (r == null) {
            throw noMachine(arn);
        }
        return r;
    }

    static void checkStateMachineArn(String arn) {
        if (arn == null || !arn.matches("^arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[^:#]+(:[A-Za-z0-9_.-]{1,80})?(#[^:]+)?$")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 80 || INVALID_NAME_CHARS.matcher(name).find()) {
            throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "'");
        }
    }

    /**
     * PublishStateMachineVersion: a version of the current revision; idempotent for a revision that
     * already has one. {@code revisionId}, when given, must be the current one (else ConflictException).
     */
    StateMachineVersion publishStateMachineVersion(String stateMachineArn, String revisionId, String description) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            StateMachineRecord m = machine(stateMachineArn);
            StateMachineVersion v = m.versions.publish(m.definitionText, m.definition, m.roleArn, m.revisionId,
                    revisionId, description, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return v;
        }
    }

    /** ListStateMachineVersions: newest first. */
    List<StateMachineVersion> listStateMachineVersions(String stateMachineArn) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            return machine(stateMachineArn).versions.versions();
        }
    }

    /** DeleteStateMachineVersion: refused (ConflictException) while an alias routes to it; running executions go on. */
    void deleteStateMachineVersion(String versionArn) {
        checkStateMachineArn(versionArn);
        String q = qualifier(versionArn);
        if (q == null || !q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + versionArn + "'");
        }
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(versionArn));
            if (m != null) {
                m.versions.deleteVersion(versionArn);
                store.saveStateMachine(m.arn, m.toJson());
            }
        }
    }

    /** CreateStateMachineAlias: routes executions to one version, or splits them between two by weight. */
    StateMachineAlias createStateMachineAlias(String name, String description,
                                                     List<StateMachineAlias.Route> routing) {
        if (name == null || !name.matches("^(?=.*[a-zA-Z_\\-.])[a-zA-Z0-9_\\-.]{1,80}$")) {
            throw new StepFunctionsException("InvalidName", "Invalid Name: '" + name + "'");
        }
        if (routing == null || routing.isEmpty()) {
            throw new StepFunctionsException("ValidationException", "1 validation error detected: Value null at"
                    + " 'routingConfiguration' failed to satisfy constraint: Member must not be null");
        }
        String versionArn = routing.get(0).stateMachineVersionArn();
        checkStateMachineArn(versionArn);
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(versionArn));
            if (m == null) {
                throw VersionsAndAliases.notFound(versionArn);
            }
            StateMachineAlias a = m.versions.createAlias(name, description, routing, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return a;
        }
    }

    StateMachineAlias describeStateMachineAlias(String aliasArn) {
        synchronized (stateMachines) {
            return aliasOwner(aliasArn).versions.alias(aliasArn);
        }
    }

    /** UpdateStateMachineAlias: a new description and/or routing configuration (at least one). */
    StateMachineAlias updateStateMachineAlias(String aliasArn, String description,
                                                     List<StateMachineAlias.Route> routing) {
        synchronized (stateMachines) {
            StateMachineRecord m = aliasOwner(aliasArn);
            StateMachineAlias a = m.versions.updateAlias(aliasArn, description, routing, scheduler.now());
            store.saveStateMachine(m.arn, m.toJson());
            return a;
        }
    }

    void deleteStateMachineAlias(String aliasArn) {
        synchronized (stateMachines) {
            StateMachineRecord m = aliasOwner(aliasArn);
            m.versions.deleteAlias(aliasArn);
            store.saveStateMachine(m.arn, m.toJson());
        }
    }

    List<StateMachineAlias> listStateMachineAliases(String stateMachineArn) {
        checkUnqualified(stateMachineArn);
        synchronized (stateMachines) {
            return machine(stateMachineArn).versions.aliases();
        }
    }

    private StateMachineRecord aliasOwner(String aliasArn) {
        checkStateMachineArn(aliasArn);
        String q = qualifier(aliasArn);
        if (q == null || q.matches("\\d+")) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + aliasArn + "'");
        }
        StateMachineRecord m = stateMachines.get(unqualified(aliasArn));
        if (m == null) {
            throw VersionsAndAliases.notFound(aliasArn);
        }
        return m;
    }

    /**
     * UpdateStateMachine and DeleteStateMachine take the state machine's own ARN: a version or alias
     * ARN is a ValidationException (their API reference pages).
     */
    private static void checkNotVersionOrAlias(String arn) {
        checkStateMachineArn(arn);
        if (qualifier(arn) != null) {
            throw new StepFunctionsException("ValidationException", "Invalid ARN: a version or alias ARN ('" + arn
                    + "') is not accepted here; use the state machine's ARN");
        }
    }

    private static void checkUnqualified(String arn) {
        checkStateMachineArn(arn);
        if (qualifier(arn) != null) {
            throw new StepFunctionsException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + arn + "'");
        }
    }

    /** The definition, role and revision an execution runs (DescribeStateMachineForExecution). */
    StateMachineInfo describeStateMachineForExecution(ExecutionRun r) {
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(r.stateMachineArn());
            String revision = null;
            if (r.versionArn() != null && m != null) {
                revision = m.versions.version(r.versionArn()).map(v -> v.info().revisionId()).orElse(null);
            } else if (m != null && m.definition == r.definition()) {
                revision = m.revisionId;
            }
            return new StateMachineInfo(r.stateMachineArn(), m == null ? r.stateMachineArn().substring(
                    r.stateMachineArn().lastIndexOf(':') + 1) : m.name, r.definition().text(), r.roleArn(),
                    m == null ? "STANDARD" : m.type, m == null ? r.startDate() : m.creationDate, revision);
        }
    }


    /** The machine and definition a (possibly version- or alias-qualified) state machine ARN starts. */
    Target resolve(String smArn) {
        String q = qualifier(smArn);
        synchronized (stateMachines) {
            StateMachineRecord m = stateMachines.get(unqualified(smArn));
            if (m == null) {
                throw noMachine(smArn);
            }
            if (q == null) {
                return new Target(m, m.definition, m.definitionText, m.roleArn, null, null);
            }
            if (q.matches("\\d+")) {
                VersionsAndAliases.Published v = m.versions.version(smArn).orElseThrow(() -> noMachine(smArn));
                return new Target(m, v.definition(), v.info().definition(), v.info().roleArn(),
                        v.info().stateMachineVersionArn(), null);
            }
            StateMachineAlias alias = m.versions.aliasOrNull(smArn);
            if (alias == null) {
                throw noMachine(smArn);
            }
            VersionsAndAliases.Published v = m.versions.route(alias, routing);
            return new Target(m, v.definition(), v.info().definition(), v.info().roleArn(),
                    v.info().stateMachineVersionArn(), alias.stateMachineAliasArn());
        }
    }

    /** A state machine the durable store kept (see {@link StateMachineRecord#toJson()}). */
    void restore(Map<String, Object> m) {
        String text = (String) m.get("definition");
        String arn = (String) m.get("arn");
        Map<String, String> tags = new LinkedHashMap<>();
        if (m.get("tags") instanceof Map) {
            Json.asObject(m.get("tags")).forEach((k, v) -> tags.put(k, (String) v));
        }
        stateMachines.put(arn, new StateMachineRecord(arn, (String) m.get("name"), text, DefinitionParser.parse(text),
                (String) m.get("roleArn"), (String) m.get("type"), Instant.parse((String) m.get("creationDate")),
                (String) m.get("revisionId"), VersionsAndAliases.fromJson(arn, m.get("versions"),
                DefinitionParser::parse), tags));
    }

    /** The tags of a state machine (its own ARN only), changed in place under {@link #lock()}. */
    Map<String, String> tags(String stateMachineArn) {
        StateMachineRecord m = stateMachines.get(stateMachineArn);
        if (m == null) {
            throw VersionsAndAliases.notFound(stateMachineArn);
        }
        return m.tags;
    }

    /** Saves a state machine after its tags changed. */
    void save(String stateMachineArn) {
        StateMachineRecord m = stateMachines.get(stateMachineArn);
        if (m != null) {
            store.saveStateMachine(m.arn, m.toJson());
        }
    }
}
