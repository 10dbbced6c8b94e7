package dev.sagastack.local.dynamodb.dax;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire itself, as the Go client speaks it (layering 0: no frames, the session id as a string):
 * discovery, bad input answered with an error that changes nothing, and the connection still usable.
 */
class DaxWireTest extends DaxFixture {

    @Test
    void unframedSessionAnswersEndpointsAndErrorsThenKeepsServing() throws IOException {
        String table = createTable(null);
        ddb.putItem(PutItemRequest.builder().tableName(table).item(Map.of("pk", s("k"), "v", s("1"))).build());
        try (Socket socket = new Socket("127.0.0.1", daxServer.port())) {
            OutputStream out = socket.getOutputStream();
            CborReader in = new CborReader(new BufferedInputStream(socket.getInputStream()));
            CborWriter w = new CborWriter();
            w.string("J7yne5G").integer(0).string("1234").mapHeader(1).string("UserAgent").string("test").integer(0);
            w.integer(1).integer(DaxDispatcher.ENDPOINTS);
            out.write(w.toByteArray());
            assertThat(in.read()).isEqualTo(List.of());
            List<?> endpoints = (List<?>) in.read();
            Map<?, ?> node = (Map<?, ?>) endpoints.get(0);
            assertThat(node.get(3L)).isEqualTo((long) daxServer.port());
            assertThat((byte[]) node.get(2L)).containsExactly(127, 0, 0, 1);

            // a PutItem naming an attribute list nobody defined: refused, nothing written
            w.reset();
            w.integer(1).integer(DaxDispatcher.PUT_ITEM).bytes(table.getBytes()).bytes("k".getBytes())
                    .bytes(new CborWriter().integer(987654).string("2").toByteArray()).nil();
            out.write(w.toByteArray());
            assertThat(in.read()).isEqualTo(List.of(4L, 37L, 38L, 39L, 46L));
            assertThat((String) in.read()).contains("unknown attribute list id 987654");
            assertThat((List<?>) in.read()).element(1).isEqualTo("ValidationException");
            assertThat(ddb.getItem(GetItemRequest.builder().tableName(table).key(key("k")).build()).item().get("v"))
                    .isEqualTo(s("1"));

            w.reset();
            w.integer(1).integer(DaxDispatcher.DEFINE_KEY_SCHEMA).bytes(table.getBytes());
            out.write(w.toByteArray());
            assertThat(in.read()).isEqualTo(List.of());
            assertThat(in.read()).isEqualTo(Map.of("pk", "S"));
        }
    }
}
