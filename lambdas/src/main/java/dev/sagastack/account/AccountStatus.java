package dev.sagastack.account;

public enum AccountStatus { OPEN, CLOSED }
