package dev.ferrite.sample.bank;

/** Whether an account can take part in transfers. */
public enum AccountStatus {
    OPEN,
    FROZEN
}
