package dev.sagastack.local.dynamodb.dax;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Routes a DAX method id to its operation and turns failures into DAX error answers. */
final class DaxDispatcher {

    static final int AUTHORIZE_CONNECTION = 1489122155;
    static final int DEFINE_ATTRIBUTE_LIST = 670678385;
    static final int DEFINE_ATTRIBUTE_LIST_ID = -1230579644;
    static final int DEFINE_KEY_SCHEMA = -742646399;
    static final int ENDPOINTS = 455855874;
    static final int GET_ITEM = 263244906;
    static final int PUT_ITEM = -2106490455;
    static final int DELETE_ITEM = 1013539361;
    static final int UPDATE_ITEM = 1425579023;
    static final int QUERY = -931250863;
    static final int SCAN = -1875390620;
    static final int BATCH_GET_ITEM = -697851100;
    static final int BATCH_WRITE_ITEM = 116217951;
    static final int TRANSACT_GET_ITEMS = 1866287579;
    static final int TRANSACT_WRITE_ITEMS = -1160037738;

    private static final Map<Integer, Integer> ARGUMENTS = Map.ofEntries(
            Map.entry(AUTHORIZE_CONNECTION, 5), Map.entry(DEFINE_ATTRIBUTE_LIST, 1),
            Map.entry(DEFINE_ATTRIBUTE_LIST_ID, 1), Map.entry(DEFINE_KEY_SCHEMA, 1), Map.entry(ENDPOINTS, 0),
            Map.entry(GET_ITEM, 3), Map.entry(PUT_ITEM, 4), Map.entry(DELETE_ITEM, 3), Map.entry(UPDATE_ITEM, 3),
            Map.entry(QUERY, 3), Map.entry(SCAN, 2), Map.entry(BATCH_GET_ITEM, 2), Map.entry(BATCH_WRITE_ITEM, 2),
            Map.entry(TRANSACT_GET_ITEMS, 4), Map.entry(TRANSACT_WRITE_ITEMS, 9));

    private final DaxOperations ops;
    private final DaxBatchOperations batches;

    DaxDispatcher(DaxOperations ops) {
        this.ops = ops;
        this.batches = new DaxBatchOperations(ops);
    }

    static int argumentCount(int method) {
        return ARGUMENTS.getOrDefault(method, -1);
    }

    /** Runs one request; false when the method has no answer. */
    boolean dispatch(int method, List<Object> args, Socket socket, CborWriter out) {
        try {
            switch (method) {
                case AUTHORIZE_CONNECTION -> {
                    return false; // accepted: local credentials are not checked
                }
                case ENDPOINTS -> endpoints(socket, out);
                case DEFINE_ATTRIBUTE_LIST_ID -> {
                    List<String> names = new ArrayList<>();
                    // the Java client sends the names as a string set (tag 3321), the Go client as an array
                    Object list = args.get(0) instanceof CborReader.Tagged t ? t.value() : args.get(0);
                    for (Object n : (List<?>) list) {
                        names.add((String) n);
                    }
                    out.arrayHeader(0).integer(ops.items().lists().idOf(names));
                }
                case DEFINE_ATTRIBUTE_LIST -> {
                    List<String> names = ops.items().lists().namesOf((Long) args.get(0))
                            .orElseThrow(() -> new DaxProtocolException("unknown attribute list id " + args.get(0)));
                    out.arrayHeader(0).arrayHeader(names.size());
                    names.forEach(out::string);
                }
                case DEFINE_KEY_SCHEMA -> ops.defineKeySchema(args, out);
                case GET_ITEM -> ops.getItem(args, out);
                case PUT_ITEM -> ops.putItem(args, out);
                case DELETE_ITEM -> ops.deleteItem(args, out);
                case UPDATE_ITEM -> ops.updateItem(args, out);
                case QUERY -> ops.query(args, out);
                case SCAN -> ops.scan(args, out);
                case BATCH_GET_ITEM -> batches.batchGetItem(args, out);
                case BATCH_WRITE_ITEM -> batches.batchWriteItem(args, out);
                case TRANSACT_GET_ITEMS -> batches.transactGetItems(args, out);
                case TRANSACT_WRITE_ITEMS -> batches.transactWriteItems(args, out);
                default -> throw new DaxProtocolException("unsupported method " + method);
            }
        } catch (Engine.EngineError e) {
            if (e.name().equals("ResourceNotFoundException")) {
                ops.forgetSchemas(); // a table deleted (and perhaps made again with another key) since
            }
            out.reset();
            DaxErrors.writeEngineError(out, e, ops.items(), List.of());
        } catch (DaxProtocolException | ClassCastException | IndexOutOfBoundsException e) {
            out.reset();
            DaxErrors.write(out, "ValidationException", String.valueOf(e.getMessage()), 400);
        } catch (RuntimeException e) {
            out.reset();
            DaxErrors.write(out, "InternalServerError", "Internal server error: " + e, 500);
        }
        return true;
    }

    /** Cluster discovery: this node is the whole cluster, reached where the client reached it. */
    private void endpoints(Socket socket, CborWriter out) {
        InetAddress local = socket.getLocalAddress();
        out.arrayHeader(0);
        out.arrayHeader(1);
        out.mapHeader(6);
        out.integer(0).integer(1);
        out.integer(1).string("localhost");
        out.integer(2).bytes(local.getAddress());
        out.integer(3).integer(socket.getLocalPort());
        out.integer(4).integer(1);
        out.integer(5).string("local");
    }
}
