"""Drives the local Step Functions engine with boto3, unchanged: every call below is a plain boto3 call
against an endpoint URL. Covers redrive, versions and aliases, express (StartSyncExecution), Map Runs, activities
and tags. Exits non-zero (with the failing step) on any difference from what Step Functions answers.
Usage: sfn_boto3_client.py ENDPOINT"""
import json
import sys
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1")
sfn = session.client("stepfunctions", endpoint_url=endpoint)
# StartSyncExecution's "sync-" host prefix cannot resolve against 127.0.0.1
sync = session.client("stepfunctions", endpoint_url=endpoint, config=Config(inject_host_prefix=False))
ROLE = "arn:aws:iam::123456789012:role/boto3"


def check(step, condition, detail=""):
    if not condition:
        print("FAILED: %s %s" % (step, detail))
        sys.exit(1)


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def wait(arn):
    for _ in range(200):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.05)
    return d


# redrive: the Choice fails (no rule matches) until the execution has been redriven once
redrivable = sfn.create_state_machine(name="boto3-redrive", roleArn=ROLE, definition=json.dumps({
    "QueryLanguage": "JSONata", "StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Output": {"step": "prepared"}, "Next": "Gate"},
        "Gate": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.context.Execution.RedriveCount > 0 %}", "Next": "Done"}]},
        "Done": {"Type": "Pass", "Output": "{% $merge([$states.input, {'redrives': $states.context.Execution.RedriveCount}]) %}",
                 "End": True}}}))["stateMachineArn"]
execution = sfn.start_execution(stateMachineArn=redrivable, name="order-1")["executionArn"]
failed = wait(execution)
check("fails first", failed["status"] == "FAILED" and failed["error"] == "States.NoChoiceMatched", failed)
check("redrivable", failed["redriveStatus"] == "REDRIVABLE" and failed["redriveCount"] == 0, failed)
redriven = sfn.redrive_execution(executionArn=execution, clientToken="boto3-token")
again = sfn.redrive_execution(executionArn=execution, clientToken="boto3-token")
check("client token", again["redriveDate"] == redriven["redriveDate"])
done = wait(execution)
check("redriven", done["status"] == "SUCCEEDED" and json.loads(done["output"]) == {"step": "prepared", "redrives": 1}, done)
check("redrive fields", done["redriveCount"] == 1 and "redriveDate" in done
      and done["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven.", done)
events = sfn.get_execution_history(executionArn=execution, maxResults=1000)["events"]
types = [e["type"] for e in events]
check("history", "ExecutionRedriven" in types and types.count("PassStateEntered") == 2, types)
redrive_event = next(e for e in events if e["type"] == "ExecutionRedriven")
check("redriven event", redrive_event["executionRedrivenEventDetails"]["redriveCount"] == 1, redrive_event)
check("not twice", error_code(lambda: sfn.redrive_execution(executionArn=execution)) == "ExecutionNotRedrivable")
listed = sfn.list_executions(stateMachineArn=redrivable, redriveFilter="REDRIVEN")["executions"]
check("redriveFilter", [e["name"] for e in listed] == ["order-1"] and listed[0]["redriveCount"] == 1, listed)
check("NOT_REDRIVEN", sfn.list_executions(stateMachineArn=redrivable, redriveFilter="NOT_REDRIVEN")["executions"] == [])

# versions and aliases
def pass_machine(result):
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})


created = sfn.create_state_machine(name="boto3-versions", roleArn=ROLE, definition=pass_machine("blue"),
                                   publish=True, versionDescription="first",
                                   tags=[{"key": "app", "value": "saga"}])
machine = created["stateMachineArn"]
check("publish on create", created["stateMachineVersionArn"] == machine + ":1", created)
updated = sfn.update_state_machine(stateMachineArn=machine, definition=pass_machine("green"))
v2 = sfn.publish_state_machine_version(stateMachineArn=machine, revisionId=updated["revisionId"],
                                       description="second")["stateMachineVersionArn"]
check("publish", v2 == machine + ":2", v2)
check("stale revision", error_code(lambda: sfn.publish_state_machine_version(
    stateMachineArn=machine, revisionId="not-current")) == "ConflictException")
versions = [v["stateMachineVersionArn"] for v in sfn.list_state_machine_versions(stateMachineArn=machine)["stateMachineVersions"]]
check("list versions", versions == [machine + ":2", machine + ":1"], versions)
check("describe version", sfn.describe_state_machine(stateMachineArn=machine + ":1")["description"] == "first")
alias = sfn.create_state_machine_alias(name="PROD", routingConfiguration=[
    {"stateMachineVersionArn": machine + ":1", "weight": 90},
    {"stateMachineVersionArn": machine + ":2", "weight": 10}])["stateMachineAliasArn"]
check("alias arn", alias == machine + ":PROD", alias)
described = sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
check("describe alias", [r["weight"] for r in described["routingConfiguration"]] == [90, 10], described)
sfn.update_state_machine_alias(stateMachineAliasArn=alias, description="all green",
                               routingConfiguration=[{"stateMachineVersionArn": v2, "weight": 100}])
through = sfn.start_execution(stateMachineArn=alias)["executionArn"]
ran = wait(through)
check("alias run", ran["output"] == '"green"' and ran["stateMachineAliasArn"] == alias
      and ran["stateMachineVersionArn"] == v2, ran)
check("for execution", '"green"' in sfn.describe_state_machine_for_execution(executionArn=through)["definition"])
check("list aliases", [a["stateMachineAliasArn"] for a in
                       sfn.list_state_machine_aliases(stateMachineArn=machine)["stateMachineAliases"]] == [alias])
check("version in use", error_code(lambda: sfn.delete_state_machine_version(stateMachineVersionArn=v2)) == "ConflictException")
sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
check("alias gone", error_code(lambda: sfn.describe_state_machine_alias(stateMachineAliasArn=alias)) == "ResourceNotFound")
sfn.delete_state_machine_version(stateMachineVersionArn=v2)
check("version gone", len(sfn.list_state_machine_versions(stateMachineArn=machine)["stateMachineVersions"]) == 1)

# tags
sfn.tag_resource(resourceArn=machine, tags=[{"key": "env", "value": "dev"}])
tags = sfn.list_tags_for_resource(resourceArn=machine)["tags"]
check("tags", tags == [{"key": "app", "value": "saga"}, {"key": "env", "value": "dev"}], tags)
sfn.untag_resource(resourceArn=machine, tagKeys=["app"])
check("untag", sfn.list_tags_for_resource(resourceArn=machine)["tags"] == [{"key": "env", "value": "dev"}])
check("too many", error_code(lambda: sfn.tag_resource(resourceArn=machine, tags=[
    {"key": "k%d" % i, "value": "v"} for i in range(50)])) == "TooManyTags")

# express
express = sfn.create_state_machine(name="boto3-express", roleArn=ROLE, type="EXPRESS", definition=json.dumps({
    "StartAt": "Add", "States": {"Add": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"},
                                         "End": True}}}))["stateMachineArn"]
result = sync.start_sync_execution(stateMachineArn=express, input='{"a":1,"b":2}')
check("sync", result["status"] == "SUCCEEDED" and json.loads(result["output"]) == {"sum": 3}, result)
check("express callback refused", error_code(lambda: sfn.create_state_machine(
    name="boto3-express-callback", roleArn=ROLE, type="EXPRESS", definition=json.dumps({
        "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                                         "Parameters": {"FunctionName": "f"}, "End": True}}}))) == "InvalidDefinition")
started_express = sfn.start_execution(stateMachineArn=express, input='{"a":1,"b":2}')["executionArn"]
check("express arn", ":express:boto3-express:" in started_express, started_express)
check("express history refused", error_code(lambda: sfn.get_execution_history(executionArn=started_express)) == "InvalidArn")
check("express describe refused", error_code(lambda: sfn.describe_execution(executionArn=started_express)) == "InvalidArn")

# Map Runs of a Distributed Map state
mapper = sfn.create_state_machine(name="boto3-map-run", roleArn=ROLE, definition=json.dumps({
    "StartAt": "Each", "States": {"Each": {"Type": "Map", "Label": "Each", "End": True, "MaxConcurrency": 2,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                          "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}}}))["stateMachineArn"]
mapped = sfn.start_execution(stateMachineArn=mapper, input="[1,2,3]")["executionArn"]
check("map run execution", wait(mapped)["status"] == "SUCCEEDED")
map_runs = sfn.list_map_runs(executionArn=mapped)["mapRuns"]
check("list map runs", len(map_runs) == 1 and map_runs[0]["stateMachineArn"] == mapper + "/Each", map_runs)
map_run = sfn.describe_map_run(mapRunArn=map_runs[0]["mapRunArn"])
check("describe map run", map_run["status"] == "SUCCEEDED" and map_run["itemCounts"]["succeeded"] == 3
      and map_run["maxConcurrency"] == 2, map_run)
sfn.update_map_run(mapRunArn=map_run["mapRunArn"], maxConcurrency=5)
check("update map run", sfn.describe_map_run(mapRunArn=map_run["mapRunArn"])["maxConcurrency"] == 5)
check("map run started event", any(e["type"] == "MapRunStarted" and e["mapRunStartedEventDetails"]["mapRunArn"]
                                   == map_run["mapRunArn"] for e in sfn.get_execution_history(executionArn=mapped)["events"]))
children = sfn.list_executions(mapRunArn=map_run["mapRunArn"])["executions"]
check("map run children", len(children) == 3 and all(c["status"] == "SUCCEEDED" and c["itemCount"] == 1
      and c["mapRunArn"] == map_run["mapRunArn"] and c["stateMachineArn"] == mapper + "/Each"
      and c["executionArn"].startswith(mapper.replace(":stateMachine:", ":execution:") + "/Each:") for c in children),
      children)
child = sfn.describe_execution(executionArn=children[0]["executionArn"])
check("describe map run child", child["mapRunArn"] == map_run["mapRunArn"] and child["status"] == "SUCCEEDED", child)
child_types = [e["type"] for e in sfn.get_execution_history(executionArn=child["executionArn"])["events"]]
check("map run child history", child_types == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
                                              "ExecutionSucceeded"], child_types)
check("map run execution counts", map_run["executionCounts"]["succeeded"] == 3
      and map_run["executionCounts"]["total"] == 3, map_run)

# activities
activity = sfn.create_activity(name="boto3-review", tags=[{"key": "team", "value": "ops"}])["activityArn"]
check("describe activity", sfn.describe_activity(activityArn=activity)["name"] == "boto3-review")
check("list activities", activity in [a["activityArn"] for a in sfn.list_activities()["activities"]])
worker = sfn.create_state_machine(name="boto3-activity", roleArn=ROLE, definition=json.dumps({
    "StartAt": "Review", "States": {"Review": {"Type": "Task", "Resource": activity, "End": True}}}))["stateMachineArn"]
job = sfn.start_execution(stateMachineArn=worker, input='{"order":"o-1"}')["executionArn"]
task = sfn.get_activity_task(activityArn=activity, workerName="boto3-worker")
check("activity task", task.get("input") == '{"order":"o-1"}', task)
sfn.send_task_heartbeat(taskToken=task["taskToken"])
sfn.send_task_success(taskToken=task["taskToken"], output='{"approved":true}')
check("activity done", wait(job)["output"] == '{"approved":true}')
started = [e for e in sfn.get_execution_history(executionArn=job)["events"] if e["type"] == "ActivityStarted"]
check("worker name", started[0]["activityStartedEventDetails"]["workerName"] == "boto3-worker", started)
sfn.delete_activity(activityArn=activity)
check("activity gone", error_code(lambda: sfn.describe_activity(activityArn=activity)) == "ActivityDoesNotExist")

print("all checks passed")
