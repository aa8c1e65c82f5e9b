"""Use cases, one module per family. Each function is keyword-only, takes a session, flushes and
never commits: the edge that opened the transaction commits it or rolls all of it back."""
