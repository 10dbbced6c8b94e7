package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.inventory.InventoryService;
import dev.sagastack.inventory.ReservationLine;

import java.util.function.Supplier;

/** {@code PUT /inventory/{sku}} sets the units that can be reserved; {@code GET} reads stock. */
final class InventoryApi {

    private final Supplier<InventoryService> inventory;

    /** @param inventory asked at each request (the container's connection opens at the first inventory request) */
    InventoryApi(Supplier<InventoryService> inventory) {
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
        return Responses.json(200, Views.stock(inventory.get().setAvailable(sku, available)));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String sku = sku(request);
        return inventory.get().stockLevel(sku).map(s -> Responses.json(200, Views.stock(s)))
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
