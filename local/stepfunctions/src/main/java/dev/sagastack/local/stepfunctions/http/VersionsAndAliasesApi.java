package dev.sagastack.local.stepfunctions.http;

import dev.sagastack.local.stepfunctions.StateMachineAlias;
import dev.sagastack.local.stepfunctions.StateMachineVersion;
import dev.sagastack.local.stepfunctions.StepFunctionsEngine;
import dev.sagastack.local.stepfunctions.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.epoch;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.optional;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.page;
import static dev.sagastack.local.stepfunctions.http.StepFunctionsApi.required;

/** The version and alias operations of the JSON API (PublishStateMachineVersion ... DeleteStateMachineAlias). */
final class VersionsAndAliasesApi {
    private VersionsAndAliasesApi() {
    }

    /** Null when {@code op} is not one of these operations. */
    static Object dispatch(StepFunctionsEngine engine, String op, Map<String, Object> req) {
        switch (op) {
            case "PublishStateMachineVersion": {
                StateMachineVersion v = engine.publishStateMachineVersion(required(req, "stateMachineArn"),
                        optional(req, "revisionId"), optional(req, "description"));
                return Json.obj("creationDate", epoch(v.creationDate()), "stateMachineVersionArn",
                        v.stateMachineVersionArn());
            }
            case "ListStateMachineVersions": {
                String sm = required(req, "stateMachineArn");
                return page(engine.listStateMachineVersions(sm), req, "stateMachineVersions", "versions|" + sm,
                        v -> Json.obj("stateMachineVersionArn", v.stateMachineVersionArn(),
                                "creationDate", epoch(v.creationDate())));
            }
            case "DeleteStateMachineVersion":
                engine.deleteStateMachineVersion(required(req, "stateMachineVersionArn"));
                return new LinkedHashMap<>();
            case "CreateStateMachineAlias": {
                StateMachineAlias a = engine.createStateMachineAlias(required(req, "name"), optional(req, "description"),
                        routing(req));
                return Json.obj("stateMachineAliasArn", a.stateMachineAliasArn(), "creationDate",
                        epoch(a.creationDate()));
            }
            case "DescribeStateMachineAlias":
                return describe(engine.describeStateMachineAlias(required(req, "stateMachineAliasArn")));
            case "UpdateStateMachineAlias": {
                StateMachineAlias a = engine.updateStateMachineAlias(required(req, "stateMachineAliasArn"),
                        optional(req, "description"), req.containsKey("routingConfiguration") ? routing(req) : null);
                return Json.obj("updateDate", epoch(a.updateDate()));
            }
            case "ListStateMachineAliases": {
                String sm = required(req, "stateMachineArn");
                return page(engine.listStateMachineAliases(sm), req, "stateMachineAliases", "aliases|" + sm,
                        a -> Json.obj("stateMachineAliasArn", a.stateMachineAliasArn(),
                                "creationDate", epoch(a.creationDate())));
            }
            case "DeleteStateMachineAlias":
                engine.deleteStateMachineAlias(required(req, "stateMachineAliasArn"));
                return new LinkedHashMap<>();
            default:
                return null;
        }
    }

    /**
     * The publish flag of Create/UpdateStateMachine; a versionDescription without it is refused
     * (CreateStateMachine API reference: "versionDescription ... can only be set if publish is true").
     */
    static boolean publish(Map<String, Object> req) {
        boolean publish = Boolean.TRUE.equals(req.get("publish"));
        if (!publish && req.get("versionDescription") != null) {
            throw new StepFunctionsApi.ValidationError("Version description can only be set when publish is true");
        }
        return publish;
    }

    private static List<StateMachineAlias.Route> routing(Map<String, Object> req) {
        Object v = req.get("routingConfiguration");
        if (!(v instanceof List)) {
            throw new StepFunctionsApi.ValidationError("1 validation error detected: Value null at "
                    + "'routingConfiguration' failed to satisfy constraint: Member must not be null");
        }
        List<StateMachineAlias.Route> l = new ArrayList<>();
        for (Object o : Json.asArray(v)) {
            Map<String, Object> m = Json.asObject(o);
            Object w = m.get("weight");
            l.add(new StateMachineAlias.Route(required(m, "stateMachineVersionArn"),
                    w instanceof Number n ? n.intValue() : -1));
        }
        return l;
    }

    private static Map<String, Object> describe(StateMachineAlias a) {
        List<Object> routes = new ArrayList<>();
        a.routingConfiguration().forEach(r -> routes.add(Json.obj("stateMachineVersionArn", r.stateMachineVersionArn(),
                "weight", r.weight())));
        return Json.obj("stateMachineAliasArn", a.stateMachineAliasArn(), "name", a.name(),
                "description", a.description().orElse(null), "routingConfiguration", routes,
                "creationDate", epoch(a.creationDate()), "updateDate", epoch(a.updateDate()));
    }
}
