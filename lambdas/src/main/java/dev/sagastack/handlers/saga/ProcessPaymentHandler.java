package dev.sagastack.handlers.saga;

import dev.sagastack.account.AccountService;
import dev.sagastack.account.Money;
import dev.sagastack.account.PaymentReceipt;
import dev.sagastack.account.PaymentVoided;
import dev.sagastack.account.Payments;
import dev.sagastack.config.AppContext;


/**
 * Saga step 2: withdraws the order total from the customer's event-sourced account with command id
 * {@code payment-<orderId>}, so a retried or redelivered step never charges twice.
 *
 * <p>In: {@code {"orderId","accountId","amount","currency","executionArn"}} (amount in minor units).
 * Out: {@code {"orderId","accountId","charged","currency","paymentCommandId","replayed"}}.
 * Errors: {@code InsufficientFunds}, {@code AccountClosed}, {@code AccountNotFound} (business),
 * {@code TransientError}, {@code StepConflict} (the payment was voided by a refund that ran first),
 * {@code InvalidStepInput}.
 */
public final class ProcessPaymentHandler
        extends SagaStepHandler<ProcessPaymentHandler.Input, ProcessPaymentHandler.Output> {

    public record Input(String orderId, String accountId, Long amount, String currency, String executionArn)
            implements SagaStepHandler.StepInput {
        public Input {
            Fields.id(orderId, "orderId");
            Fields.id(accountId, "accountId");
            Fields.positive(amount, "amount");
            Fields.text(currency, "currency");
        }
    }

    public record Output(String orderId, String accountId, long charged, String currency, String paymentCommandId,
                         boolean replayed) {
    }

    private final AccountService accounts;
    private final Payments payments;

    public ProcessPaymentHandler() {
        this(AppContext.fromEnvironment(System.getenv()));
    }

    public ProcessPaymentHandler(AppContext app) {
        super("ProcessPayment", Input.class, app);
        Wiring.AccountDependencies dependencies = Wiring.AccountDependencies.of(app);
        this.accounts = dependencies.accounts();
        this.payments = Payments.create(accounts, dependencies.store());
    }

    @Override
    protected Output execute(Input input, Counters counters) {
        PaymentReceipt receipt = payments.charge(input.accountId(), input.orderId(),
                Money.of(input.amount(), input.currency()));
        if (receipt.voided()) {
            throw new PaymentVoided(input.orderId());
        }
        return new Output(input.orderId(), input.accountId(), receipt.charged(), receipt.currency(),
                Payments.paymentCommandId(input.orderId()), receipt.replayed());
    }

    @Override
    protected String samplePayload() {
        return "{\"orderId\":\"PRIMING\",\"accountId\":\"PRIMING\",\"amount\":1,\"currency\":\"EUR\",\"executionArn\":\"\"}";
    }

    @Override
    protected void primeDependencies() {
        accounts.load("PRIMING");
    }
}
