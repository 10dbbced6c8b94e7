package dev.sagastack.account;

import java.util.Currency;

/** An amount in minor units (cents, pence...) of an ISO 4217 currency. Never floating point. */
public record Money(long amount, String currency) {

    public Money {
        currency = validCurrency(currency);
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static String validCurrency(String currency) {
        try {
            if (currency != null && currency.equals(Currency.getInstance(currency).getCurrencyCode())) {
                return currency;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the typed error
        }
        throw new InvalidAmount("currency must be an ISO 4217 code, was " + currency);
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
