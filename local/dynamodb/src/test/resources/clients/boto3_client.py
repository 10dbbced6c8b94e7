"""Drives the local DynamoDB-compatible server with boto3, unchanged: every call below is a plain
boto3 call against an endpoint URL. Exits non-zero (with the failing step) on any difference from
what DynamoDB answers. Usage: boto3_client.py ENDPOINT TABLE"""
import sys
from decimal import Decimal

import boto3
from botocore.exceptions import ClientError

endpoint, table = sys.argv[1], sys.argv[2]
session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1")
ddb = session.client("dynamodb", endpoint_url=endpoint)
streams = session.client("dynamodbstreams", endpoint_url=endpoint)


def check(step, condition, detail=""):
    if not condition:
        print("FAILED: %s %s" % (step, detail))
        sys.exit(1)


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response
    return None, None


ddb.create_table(
    TableName=table,
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                          {"AttributeName": "status", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{"IndexName": "byStatus", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}],
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    BillingMode="PAY_PER_REQUEST")
ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1, "MaxAttempts": 10})
check("describe", ddb.describe_table(TableName=table)["Table"]["TableStatus"] == "ACTIVE")

# items: 38-digit numbers survive exactly, conditional writes, ReturnValues
big = "12345678901234567890.123456789012345678"
ddb.put_item(TableName=table, Item={"pk": {"S": "order"}, "sk": {"N": "1"}, "status": {"S": "PENDING"},
                                    "total": {"N": big}, "tags": {"SS": ["a", "b"]}})
item = ddb.get_item(TableName=table, Key={"pk": {"S": "order"}, "sk": {"N": "1"}}, ConsistentRead=True)["Item"]
check("get", Decimal(item["total"]["N"]) == Decimal(big) and sorted(item["tags"]["SS"]) == ["a", "b"], item)
updated = ddb.update_item(TableName=table, Key={"pk": {"S": "order"}, "sk": {"N": "1"}},
                          UpdateExpression="SET #s = :c ADD tags :t", ConditionExpression="#s = :p",
                          ExpressionAttributeNames={"#s": "status"},
                          ExpressionAttributeValues={":c": {"S": "CONFIRMED"}, ":p": {"S": "PENDING"},
                                                     ":t": {"SS": ["c"]}},
                          ReturnValues="UPDATED_NEW")["Attributes"]
check("update", updated["status"]["S"] == "CONFIRMED" and sorted(updated["tags"]["SS"]) == ["a", "b", "c"], updated)
# ReturnValuesOnConditionCheckFailure came with botocore 1.29.x (2023); older ones (Debian 12's) lack it
old_on_failure = "ReturnValuesOnConditionCheckFailure" in \
    ddb.meta.service_model.operation_model("UpdateItem").input_shape.members
refused = dict(TableName=table, Key={"pk": {"S": "order"}, "sk": {"N": "1"}}, UpdateExpression="SET #s = :c",
               ConditionExpression="#s = :p", ExpressionAttributeNames={"#s": "status"},
               ExpressionAttributeValues={":c": {"S": "CANCELLED"}, ":p": {"S": "PENDING"}})
if old_on_failure:
    refused["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
code, response = error_code(lambda: ddb.update_item(**refused))
check("condition", code == "ConditionalCheckFailedException"
      and (not old_on_failure or response["Item"]["status"]["S"] == "CONFIRMED"), response)
code, response = error_code(lambda: ddb.put_item(TableName=table, Item={"pk": {"S": ""}, "sk": {"N": "1"}}))
check("validation", code == "ValidationException" and response["ResponseMetadata"]["HTTPStatusCode"] == 400, response)
code, _ = error_code(lambda: ddb.get_item(TableName=table + "-missing", Key={"pk": {"S": "x"}, "sk": {"N": "1"}}))
check("not found", code == "ResourceNotFoundException", code)

# batches, query with pagination, index query, scan segments
ddb.batch_write_item(RequestItems={table: [
    {"PutRequest": {"Item": {"pk": {"S": "many"}, "sk": {"N": str(i)}, "status": {"S": "OPEN"}}}} for i in range(25)]})
got = ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": {"S": "many"}, "sk": {"N": str(i)}} for i in range(30)],
                                               "ConsistentRead": True}})
check("batch get", len(got["Responses"][table]) == 25 and not got["UnprocessedKeys"], got["UnprocessedKeys"])
pages = ddb.get_paginator("query").paginate(TableName=table, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
                                           ExpressionAttributeValues={":p": {"S": "many"}, ":a": {"N": "3"},
                                                                      ":b": {"N": "21"}},
                                           ScanIndexForward=False, PaginationConfig={"PageSize": 4})
keys = [int(i["sk"]["N"]) for page in pages for i in page["Items"]]
check("query", keys == list(range(21, 2, -1)), keys)
by_status = ddb.query(TableName=table, IndexName="byStatus", KeyConditionExpression="#s = :o",
                      ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":o": {"S": "OPEN"}},
                      Select="COUNT")
check("index", by_status["Count"] == 25, by_status)
scanned = sum(ddb.scan(TableName=table, Segment=s, TotalSegments=3)["Count"] for s in range(3))
check("scan", scanned == 26, scanned)

# transactions: all or nothing, reasons in action order
code, response = error_code(lambda: ddb.transact_write_items(TransactItems=[
    {"Put": {"TableName": table, "Item": {"pk": {"S": "tx"}, "sk": {"N": "1"}}}},
    {"ConditionCheck": {"TableName": table, "Key": {"pk": {"S": "order"}, "sk": {"N": "1"}},
                        "ConditionExpression": "attribute_not_exists(pk)"}}]))
reasons = [r["Code"] for r in response["CancellationReasons"]] if response else None
check("transaction", code == "TransactionCanceledException" and reasons == ["None", "ConditionalCheckFailed"], reasons)
check("atomic", "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "tx"}, "sk": {"N": "1"}}))
ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "tx"}, "sk": {"N": "1"}}}}],
                         ClientRequestToken="token-" + table)
ddb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": {"pk": {"S": "tx"}, "sk": {"N": "1"}}}}],
                         ClientRequestToken="token-" + table)

# legacy parameters as older code sends them (Developer Guide: "Legacy conditional parameters")
code, _ = error_code(lambda: ddb.put_item(TableName=table, Item={"pk": {"S": "order"}, "sk": {"N": "1"}},
                                          Expected={"pk": {"Exists": False}}))
check("legacy expected", code == "ConditionalCheckFailedException", code)
ddb.update_item(TableName=table, Key={"pk": {"S": "order"}, "sk": {"N": "1"}},
                AttributeUpdates={"visits": {"Action": "ADD", "Value": {"N": "2"}}},
                Expected={"status": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "CONFIRMED"}]}})
legacy = ddb.query(TableName=table,
                   KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "order"}]}},
                   QueryFilter={"visits": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "2"}]}},
                   AttributesToGet=["visits"])
check("legacy query", legacy["Items"] == [{"visits": {"N": "2"}}], legacy["Items"])

# the stream, as a Lambda poller reads it
arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = streams.get_records(ShardIterator=iterator, Limit=1000)["Records"]
names = [r["eventName"] for r in records[:2]]
check("stream", names == ["INSERT", "MODIFY"] and records[1]["dynamodb"]["OldImage"]["status"]["S"] == "PENDING",
      names)
print("boto3 %s: all checks passed" % boto3.__version__)
