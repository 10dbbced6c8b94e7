package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.ReservationLine;

/** {@code PUT /inventory/{sku}} sets the units that can be reserved; {@code GET} reads stock. */
final class InventoryApi {

    private final InventoryService inventory;

    InventoryApi(InventoryService inventory) {
        this.inventory = inventory;
    }

    void register(Router router) {
        router.add(HttpApiRoutes.SET_STOCK, this::put).add(HttpApiRoutes.GET_STOCK, this::get);
    }

    private APIGatewayV2HTTPResponse put(ApiRequest request) {
        String sku = sku(request);
        JsonBody body = request.json();
        long available = body.requiredLong("available");
        if (available < 0) {
            throw ApiException.badRequest("available", "available must not be negative, was " + available);
        }
        return Responses.json(200, Views.stock(inventory.setAvailable(sku, available)));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String sku = sku(request);
        return inventory.stockLevel(sku).map(s -> Responses.json(200, Views.stock(s)))
                .orElseThrow(() -> ApiException.notFound("sku " + sku + " is not stocked"));
    }

    private static String sku(ApiRequest request) {
        String sku = Ids.check("sku", request.pathParameter("sku"));
        if (sku.length() > ReservationLine.MAX_SKU_LENGTH) {
            throw ApiException.badRequest("sku", "sku must be at most " + ReservationLine.MAX_SKU_LENGTH + " characters");
        }
        return sku;
    }
}
