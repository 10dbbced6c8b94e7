package dev.sagastack.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sagastack.account.Account;
import dev.sagastack.account.AccountService;
import dev.sagastack.account.InvalidAmount;
import dev.sagastack.account.Money;
import dev.sagastack.account.Receipt;
import dev.sagastack.eventstore.StoredEvent;
import dev.sagastack.pagination.Page;
import dev.sagastack.pagination.PageCursors;
import dev.sagastack.pagination.PageRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Event-sourced bank accounts. Every command carries a client {@code commandId}: a retried command
 * returns its first receipt and moves no money twice. Reads come from the event store (strongly
 * consistent).
 */
final class AccountsApi {

    private final AccountService accounts;
    private final PageCursors cursors;

    AccountsApi(AccountService accounts, PageCursors cursors) {
        this.accounts = accounts;
        this.cursors = cursors;
    }

    void register(Router router) {
        router.add(HttpApiRoutes.OPEN_ACCOUNT, this::open)
                .add(HttpApiRoutes.GET_ACCOUNT, this::get)
                .add(HttpApiRoutes.DEPOSIT, r -> move(r, true))
                .add(HttpApiRoutes.WITHDRAW, r -> move(r, false))
                .add(HttpApiRoutes.CLOSE_ACCOUNT, this::close)
                .add(HttpApiRoutes.LIST_ACCOUNT_EVENTS, this::events);
    }

    private APIGatewayV2HTTPResponse open(ApiRequest request) {
        JsonBody body = request.json();
        String ownerId = body.requiredId("ownerId");
        String currency = body.requiredString("currency");
        String commandId = body.requiredId("commandId");
        String accountId = body.optionalString("accountId").map(id -> Ids.check("accountId", id))
                .orElseGet(() -> derivedAccountId(ownerId, commandId));
        try {
            Money.validCurrency(currency);
        } catch (InvalidAmount e) {
            throw ApiException.badRequest("currency", e.getMessage());
        }
        accounts.open(accountId, ownerId, currency, commandId);
        Account account = accounts.load(accountId).orElseThrow();
        return Responses.json(201, Views.account(account), Map.of("location", "/accounts/" + accountId));
    }

    private APIGatewayV2HTTPResponse get(ApiRequest request) {
        String accountId = Ids.check("id", request.pathParameter("id"));
        return Responses.json(200, Views.account(existing(accountId)));
    }

    private APIGatewayV2HTTPResponse move(ApiRequest request, boolean deposit) {
        String accountId = Ids.check("id", request.pathParameter("id"));
        JsonBody body = request.json();
        long amount = body.requiredPositiveLong("amount");
        String commandId = body.requiredId("commandId");
        Account account = existing(accountId);
        Money money = Money.of(amount, account.currency());
        Receipt receipt = deposit
                ? accounts.deposit(accountId, money, commandId)
                : accounts.withdraw(accountId, money, commandId);
        return Responses.json(200, Views.receipt(receipt));
    }

    private APIGatewayV2HTTPResponse close(ApiRequest request) {
        String accountId = Ids.check("id", request.pathParameter("id"));
        String commandId = request.json().requiredId("commandId");
        existing(accountId);
        Receipt receipt = accounts.close(accountId, commandId);
        return Responses.json(200, Views.receipt(receipt));
    }

    /**
     * Pages behind the data layer's signed cursors (bound to this account's stream): a forged,
     * altered or foreign cursor is {@link dev.sagastack.pagination.InvalidCursor}, which the handler
     * answers with 400 naming {@code cursor}. As with any DynamoDB page, the last full page may still
     * carry a cursor whose page is empty.
     */
    private APIGatewayV2HTTPResponse events(ApiRequest request) {
        String accountId = Ids.check("id", request.pathParameter("id"));
        PageRequest page = Paging.from(request);
        existing(accountId);
        Page<StoredEvent> events = accounts.events(accountId, page, cursors);
        return Responses.json(200, Views.page(events, Views::event));
    }

    private Account existing(String accountId) {
        return accounts.load(accountId).orElseThrow(() -> ApiException.notFound("account " + accountId + " does not exist"));
    }

    /** A retried open (same owner and command id) names the same account. */
    private static String derivedAccountId(String ownerId, String commandId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ownerId + "\n" + commandId).getBytes(StandardCharsets.UTF_8));
            return "acc-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
