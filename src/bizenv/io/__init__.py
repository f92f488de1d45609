"""Reading and writing data files: profiles now; case records and ledgers with the evaluators."""
