package dev.sagastack.handlers.saga;

import dev.sagastack.account.AccountService;
import dev.sagastack.account.Money;
import dev.sagastack.account.Payments;
import dev.sagastack.account.RefundReceipt;
import dev.sagastack.config.AppContext;
import dev.sagastack.observability.SagaMetrics;


/**
 * Compensation of ProcessPayment: deposits back exactly what the order's payment withdrew, once
 * (command id {@code refund-<orderId>}). When nothing was charged it voids the payment's command
 * id, so a late charge withdraws nothing, and refunds 0.
 *
 * <p>In: {@code {"orderId","accountId","amount","currency","executionArn"}}; {@code amount} (optional) is
 * what ProcessPayment was asked to charge: when the payment's record says exactly that, the deposit checks
 * the record inside its append (a load and one write); otherwise, or without it, the record is read first.
 * Out: {@code {"orderId","accountId","refunded","currency","outcome":"REFUNDED|ALREADY_REFUNDED|NOTHING_CHARGED"}}.
 * Errors: {@code AccountClosed} (closed after the charge: an operator settles it), {@code TransientError}.
 */
public final class RefundPaymentHandler
        extends SagaStepHandler<RefundPaymentHandler.Input, RefundPaymentHandler.Output> {

    public enum Outcome { REFUNDED, ALREADY_REFUNDED, NOTHING_CHARGED }

    public record Input(String orderId, String accountId, Long amount, String currency, String executionArn)
            implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.id(accountId, "accountId");
            if (amount != null) {
                Fields.positive(amount, "amount");
                Fields.text(currency, "currency");
            }
        }
    }

    public record Output(String orderId, String accountId, long refunded, String currency, Outcome outcome) {
    }

    private final AccountService accounts;
    private final Payments payments;

    public RefundPaymentHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public RefundPaymentHandler(AppContext app) {
        super("RefundPayment", Input.class, app);
        Wiring.AccountDependencies dependencies = Wiring.AccountDependencies.of(app);
        this.accounts = dependencies.accounts();
        this.payments = Payments.create(accounts, dependencies.store());
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        RefundReceipt receipt = input.amount() == null ? payments.refund(input.accountId(), input.orderId())
                : payments.refund(input.accountId(), input.orderId(), Money.of(input.amount(), input.currency()));
        Outcome outcome = receipt.refunded() == 0 ? Outcome.NOTHING_CHARGED
                : receipt.replayed() ? Outcome.ALREADY_REFUNDED : Outcome.REFUNDED;
        if (!receipt.replayed()) {
            counters.add(SagaMetrics.COMPENSATIONS_RUN);
        }
        String currency = receipt.currency().isEmpty() && input.currency() != null ? input.currency() : receipt.currency();
        return new Output(input.orderId(), input.accountId(), receipt.refunded(), currency, outcome);
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"accountId\":\"PRIMING\",\"currency\":\"EUR\",\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        accounts.load("PRIMING");
    }
}
