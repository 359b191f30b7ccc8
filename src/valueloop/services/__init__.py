"""Use cases: each owns one transaction, checks the actor's rights and calls the domain."""
