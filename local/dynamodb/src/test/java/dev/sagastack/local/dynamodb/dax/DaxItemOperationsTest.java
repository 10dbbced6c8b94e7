package dev.sagastack.local.dynamodb.dax;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

class DaxItemOperationsTest extends DaxFixture {

    @Test
    void putThroughDaxThenGetMatchesTheEngine() {
        String table = createTable(null);
        Map<String, AttributeValue> item = Map.of("pk", s("a"), "name", s("Ann"), "age", n("42"),
                "tags", AttributeValue.fromSs(java.util.List.of("x", "y")));
        dax.putItem(PutItemRequest.builder().tableName(table).item(item).build());
        var viaDax = dax.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build());
        var viaEngine = ddb.getItem(GetItemRequest.builder().tableName(table).key(key("a")).build());
        assertThat(viaDax.item()).isEqualTo(viaEngine.item()).isEqualTo(item);
    }
}
